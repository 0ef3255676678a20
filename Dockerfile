# otklik: slim image, runs as a non-root user.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md NOTICE ./
COPY bot ./bot
COPY handlers ./handlers
COPY moderation ./moderation
COPY scheduler ./scheduler
COPY config ./config
COPY storage ./storage
RUN pip install --no-cache-dir --prefix=/install .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    MPLCONFIGDIR=/tmp/matplotlib \
    OTKLIK_COMMUNITIES_FILE=/config/communities.yaml \
    OTKLIK_DATABASE_URL=sqlite+aiosqlite:////data/otklik.db
COPY --from=build /install /usr/local
RUN useradd --system --uid 10001 --home-dir /data --create-home otklik \
    && mkdir -p /config && chown otklik /data
USER otklik
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8080
CMD ["otklik", "run"]
