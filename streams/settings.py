"""Every setting of the service, in one place: environment variables prefixed ``STREAMS_``.

Read once per process with :func:`get_settings`. The README's settings table is generated
from this class (``python -m streams settings``), so the two cannot drift apart.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="STREAMS_", extra="ignore")

    # --- Kafka -------------------------------------------------------------------------
    bootstrap_servers: str = Field(
        default="",
        validation_alias=AliasChoices("STREAMS_BOOTSTRAP_SERVERS", "KAFKA_BOOTSTRAP_SERVERS"),
        description="Kafka bootstrap servers (host:port,...). Empty: use (and start) the local broker.",
    )
    security_protocol: str = Field(default="PLAINTEXT", description="PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL.")
    sasl_mechanism: str = Field(default="PLAIN", description="SASL mechanism: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512.")
    sasl_username: str = Field(default="", description="SASL user name.")
    sasl_password: str = Field(default="", description="SASL password.")
    ssl_cafile: str = Field(default="", description="CA bundle (PEM) to verify the brokers.")
    ssl_certfile: str = Field(default="", description="Client certificate (PEM) for mutual TLS.")
    ssl_keyfile: str = Field(default="", description="Client private key (PEM) for mutual TLS.")
    topic_partitions: int = Field(default=4, ge=1, description="Partitions of every topic the service creates.")
    topic_replicas: int = Field(default=1, ge=1, description="Replication factor of the topics the service creates.")

    # --- Worker --------------------------------------------------------------------------
    app_id: str = Field(default="conflict-streams", description="Faust app id: consumer group and changelog prefix.")
    data_dir: Path = Field(default=PROJECT_ROOT / ".state", description="Local state: broker logs, worker data.")
    web_host: str = Field(default="127.0.0.1", description="Interface the HTTP server binds to.")
    web_port: int = Field(default=6066, description="HTTP port: /metrics, /counters, /incidents, /health.")
    max_message_bytes: int = Field(default=1_000_000, ge=1_024, description="Larger articles go to the DLQ (too_large).")
    extract_processes: int = Field(
        default=1, ge=0, description="Child processes that extract articles (0: in the worker's own thread).",
    )
    extract_timeout_s: float = Field(
        default=60.0, gt=0,
        description="Longest an extraction process may read one article; then it is read once more, "
                    "then dead-lettered (extraction_error).",
    )
    log_level: str = Field(default="info", description="Worker log level.")
    table_store: str = Field(
        default="rocksdb://",
        description="Where the worker's tables live: rocksdb:// (on disk in data_dir, memory bounded) or memory://.",
    )

    # --- Alerts --------------------------------------------------------------------------
    alertmanager_url: str = Field(default="", description="Alertmanager base URL (API v2); empty: no push.")
    alert_webhook_url: str = Field(default="", description="Generic webhook receiving alerts as JSON; empty: no push.")
    alert_mass_casualty_killed: int = Field(default=10, ge=1, description="Confirmed killed that makes a mass-casualty alert.")
    alert_watched_places: str = Field(default="Kyiv,Kharkiv,Odesa,Zaporizhzhia", description="Comma-separated places whose strikes alert.")
    alert_surge_strikes: int = Field(default=5, ge=2, description="Strikes in one oblast within 24 h that make a surge alert.")

    # --- Local broker --------------------------------------------------------------------
    broker_heap: str = Field(default="512m", description="Heap of the locally started broker (-Xmx).")
    broker_start_timeout: float = Field(default=90.0, description="Seconds to wait for the local broker to be ready.")

    @property
    def kafka_dir(self) -> Path:
        return self.data_dir / "kafka"

    @property
    def watched_places(self) -> list[str]:
        return [p.strip() for p in self.alert_watched_places.split(",") if p.strip()]


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def settings_table() -> str:
    """Every setting as a Markdown table: variable, default, meaning (the README's copy)."""
    rows = ["| Variable | Default | Meaning |", "|---|---|---|"]
    for name, field in Settings.model_fields.items():
        variable = f"STREAMS_{name.upper()}"
        default = field.default
        if isinstance(default, Path):
            default = "<project>/" + str(default.relative_to(PROJECT_ROOT)) if default.is_relative_to(PROJECT_ROOT) else str(default)
        shown = f"`{default}`" if default not in ("", None) else "(empty)"
        alias = " (alias `KAFKA_BOOTSTRAP_SERVERS`)" if name == "bootstrap_servers" else ""
        rows.append(f"| `{variable}`{alias} | {shown} | {field.description or ''} |")
    return "\n".join(rows)


def cli(argv: list[str]) -> int:
    """``python -m streams settings``: print the settings table."""
    print(settings_table())
    return 0
