"""The owner's weekly digest: rollups kept as comments arrive, metrics, text, charts, sending."""
