"""One typed settings object: environment and `.env` for secrets, a YAML file for communities.

Loaded once at the edge (the CLI) and passed in; nothing else reads the environment.
"""

from __future__ import annotations

import os
import re
from datetime import time
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from moderation.flagging import DEFAULT_NEGATIVE_THRESHOLD

Platform = Literal["telegram", "vk"]
# What an automatic reply may say: Telegram takes 4,096 characters in a message (VK more), and
# the author's name filled into the template needs room too. Longer would fail at every send.
ReplyText = Annotated[str, Field(min_length=1, max_length=4000)]
Action = Literal["flag", "delete", "delete_and_mute"]


class ConfigError(Exception):
    """A bad configuration: the message names the file and the field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TelegramChat(_Strict):
    """A Telegram group, supergroup or channel that belongs to a community."""

    id: int
    kind: Literal["group", "channel"] = "group"
    title: str | None = None
    username: str | None = None
    # A channel's linked discussion group, where its comments are written.
    discussion_group_id: int | None = None


class VKGroup(_Strict):
    group_id: int = Field(gt=0)
    token: SecretStr | None = None
    # Callback API: the string VK expects back on `confirmation`, and the shared secret.
    confirmation_code: str | None = None
    secret: SecretStr | None = None
    # VK user ids treated as staff (never flagged or answered) besides the group's managers,
    # which otklik reads from VK itself. Telegram managers/owners ids mean nothing on VK.
    admins: tuple[int, ...] = ()


class AutoReplyRule(_Strict):
    name: str
    keywords: tuple[str, ...] = ()
    regex: str | None = None
    reply: ReplyText
    platforms: tuple[Platform, ...] = ("telegram", "vk")

    @field_validator("regex")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"invalid regular expression: {exc}") from exc
        return value


class AutoReplies(_Strict):
    enabled: bool = True
    # Only record what would be sent: for trying rules out on a live community.
    dry_run: bool = False
    cooldown_seconds: int = Field(default=600, ge=0)
    greeting: ReplyText | None = None
    negative_ack: ReplyText | None = None
    rules: tuple[AutoReplyRule, ...] = ()


class Moderation(_Strict):
    negative_threshold: float = Field(default=DEFAULT_NEGATIVE_THRESHOLD, gt=0, lt=1)
    stopwords: tuple[str, ...] = ()
    spam_action: Action = "flag"
    toxic_action: Action = "flag"
    mute_minutes: int = Field(default=60, ge=1)


class Digest(_Strict):
    weekday: int = Field(default=0, ge=0, le=6, description="0 = Monday")
    at: time = time(10, 0)
    enabled: bool = True


class Community(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")
    name: str
    language: Literal["ru", "en"] = "ru"
    timezone: str = "Europe/Moscow"
    owners: tuple[int, ...] = ()
    managers: tuple[int, ...] = ()
    managers_chat_id: int
    telegram_chats: tuple[TelegramChat, ...] = ()
    vk: VKGroup | None = None
    autoreplies: AutoReplies = AutoReplies()
    moderation: Moderation = Moderation()
    digest: Digest = Digest()
    publish_grace_minutes: int = Field(default=60, ge=0)
    preview_before_publish: bool = False

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def is_staff(self, user_id: int) -> bool:
        return user_id in self.managers or user_id in self.owners


class Settings(BaseSettings):
    """Process settings. Secrets are SecretStr so they never print in logs or reprs."""

    model_config = SettingsConfigDict(
        env_prefix="OTKLIK_", env_file=".env", extra="ignore", populate_by_name=True
    )

    telegram_token: SecretStr | None = None
    # Point aiogram at another Bot API server (a local one, or the emulator).
    telegram_api_base: str | None = None
    vk_api_base: str | None = None
    # Telegram answers 429 above about 20 messages a minute in one group; 0 turns our own
    # pacing off (a local Bot API server or the emulator, which do not limit).
    telegram_group_messages_per_minute: int = Field(default=20, ge=0)
    database_url: str = "sqlite+aiosqlite:///otklik.db"
    # PostgreSQL schema to use (several deployments or test runs sharing one database).
    database_schema: str | None = Field(default=None, pattern=r"^[a-z_][a-z0-9_]{0,62}$")
    communities_file: Path = Path("communities.yaml")
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_host: str = "0.0.0.0"
    webhook_port: int = 8080
    vk_callback_path: str = "/vk/callback"
    redis_url: str | None = None
    # What otklik's Redis keys start with (several deployments or test runs sharing one server).
    redis_prefix: str = Field(default="otklik", pattern=r"^[A-Za-z0-9_.:-]{1,64}$")
    log_level: str = "INFO"
    communities: tuple[Community, ...] = ()

    def community(self, community_id: str) -> Community:
        for community in self.communities:
            if community.id == community_id:
                return community
        raise KeyError(community_id)


def _describe(exc: ValidationError, source: Path) -> str:
    problems = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"]) or "(root)"
        problems.append(f"  {where}: {error['msg']}")
    return f"{source}: invalid configuration\n" + "\n".join(problems)


def load_communities(path: Path) -> tuple[Community, ...]:
    """Read and validate the communities YAML; raise ConfigError naming the file and field."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: communities file not found") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("communities"), list):
        raise ConfigError(f"{path}: expected a mapping with a 'communities' list")
    try:
        communities = tuple(Community.model_validate(item) for item in raw["communities"])
    except ValidationError as exc:
        index = next((i for i, item in enumerate(raw["communities"]) if not _valid(item)), None)
        prefix = f"communities[{index}]." if index is not None else ""
        raise ConfigError(_describe(exc, path).replace("\n  ", f"\n  {prefix}")) from exc
    _check_unique(communities, path)
    return communities


def _valid(item: object) -> bool:
    try:
        Community.model_validate(item)
    except ValidationError:
        return False
    return True


def _check_unique(communities: tuple[Community, ...], path: Path) -> None:
    seen_ids: set[str] = set()
    seen_chats: dict[int, str] = {}
    for community in communities:
        if community.id in seen_ids:
            raise ConfigError(f"{path}: communities: duplicate id {community.id!r}")
        seen_ids.add(community.id)
        for chat in community.telegram_chats:
            for chat_id in (chat.id, chat.discussion_group_id):
                if chat_id is None:
                    continue
                other = seen_chats.setdefault(chat_id, community.id)
                if other != community.id:
                    raise ConfigError(
                        f"{path}: communities[{community.id}].telegram_chats: chat {chat_id} "
                        f"already belongs to {other!r}"
                    )


def load_settings(
    *,
    env_file: Path | None = Path(".env"),
    communities_file: Path | None = None,
    **overrides: object,
) -> Settings:
    """Environment + .env, then the communities YAML. Raises ConfigError on any problem."""
    try:
        settings = Settings(_env_file=env_file, **overrides)  # type: ignore[call-arg]
    except ValidationError as exc:
        raise ConfigError(_describe(exc, Path("environment/.env"))) from exc
    path = communities_file or settings.communities_file
    communities = tuple(_with_env_token(c) for c in load_communities(path))
    return settings.model_copy(update={"communities": communities})


def vk_token_variable(community_id: str) -> str:
    """Where a community's VK token can live instead of the YAML: OTKLIK_VK_TOKEN_<ID>."""
    return "OTKLIK_VK_TOKEN_" + re.sub(r"[^A-Z0-9]", "_", community_id.upper())


def _with_env_token(community: Community) -> Community:
    if community.vk is None:
        return community
    token = os.environ.get(vk_token_variable(community.id))
    if not token:
        return community
    vk = community.vk.model_copy(update={"token": SecretStr(token)})
    return community.model_copy(update={"vk": vk})
