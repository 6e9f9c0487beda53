"""Dead letters: what the ``articles.dlq`` topic carries.

The value is the original message, byte for byte, so nothing is lost and a fixed message
can be re-published as it was. Why it failed travels in headers, described here.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Reason = Literal["not_utf8", "not_json", "schema", "too_large", "extraction_error"]

#: Header names on every dead letter.
HEADER_REASON = "dlq.reason"
HEADER_ERROR = "dlq.error"
HEADER_TOPIC = "dlq.topic"
HEADER_PARTITION = "dlq.partition"
HEADER_OFFSET = "dlq.offset"


class DeadLetterHeaders(BaseModel):
    """The headers of a dead letter (all UTF-8 strings on the wire)."""

    reason: Reason = Field(alias=HEADER_REASON)
    error: str = Field(alias=HEADER_ERROR, max_length=2_000)
    topic: str = Field(alias=HEADER_TOPIC)
    partition: int = Field(alias=HEADER_PARTITION)
    offset: int = Field(alias=HEADER_OFFSET)
