"""Kafka client settings for every client the service makes: Faust, aiokafka, kcat.

SASL and TLS come from the ``STREAMS_`` settings, so the same variables configure the
worker, the producer CLI and the tests.
"""

from __future__ import annotations

import ssl
from typing import Any

from .settings import Settings


def ssl_context(settings: Settings) -> ssl.SSLContext | None:
    if "SSL" not in settings.security_protocol.upper():
        return None
    from aiokafka.helpers import create_ssl_context

    return create_ssl_context(
        cafile=settings.ssl_cafile or None,
        certfile=settings.ssl_certfile or None,
        keyfile=settings.ssl_keyfile or None,
    )


def aiokafka_options(settings: Settings, bootstrap: str) -> dict[str, Any]:
    """Keyword arguments common to AIOKafkaProducer, AIOKafkaConsumer and the admin client."""
    options: dict[str, Any] = {"bootstrap_servers": bootstrap.split(","), "security_protocol": settings.security_protocol}
    context = ssl_context(settings)
    if context is not None:
        options["ssl_context"] = context
    if settings.security_protocol.upper().startswith("SASL"):
        options["sasl_mechanism"] = settings.sasl_mechanism
        options["sasl_plain_username"] = settings.sasl_username
        options["sasl_plain_password"] = settings.sasl_password
    return options


def faust_credentials(settings: Settings) -> Any:
    """Faust's credentials object for the configured protocol (None for PLAINTEXT)."""
    import faust

    protocol = settings.security_protocol.upper()
    context = ssl_context(settings)
    if protocol.startswith("SASL"):
        return faust.SASLCredentials(
            username=settings.sasl_username, password=settings.sasl_password,
            mechanism=settings.sasl_mechanism, ssl_context=context,
        )
    if protocol == "SSL":
        return faust.SSLCredentials(context)
    return None


def faust_broker_urls(bootstrap: str) -> list[str]:
    return [f"kafka://{server.strip()}" for server in bootstrap.split(",") if server.strip()]
