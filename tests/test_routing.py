"""Decoding and routing without a broker: the dead-letter path and event routing."""

from datetime import date

import orjson
import pytest
from hypothesis import given, settings, strategies as st

from schemas import Article, Extraction, HumanitarianEvent
from schemas.deadletter import HEADER_OFFSET, HEADER_PARTITION, HEADER_REASON, HEADER_TOPIC
from streams import topics
from streams.codec import Rejected, decode_article, encode_article
from streams.routing import Origin, route_article
from tests.factories import strike

ORIGIN = Origin("articles", 2, 41, b"k")
LIMIT = 10_000


def fake_extractor(article: Article) -> Extraction:
    """Stands in for the extractor: one strike and one humanitarian event per article."""
    return Extraction(
        article_id=article.id,
        incidents=[strike(article.id, killed=1)],
        other_events=[HumanitarianEvent(event_id=f"{article.id}-h", article_id=article.id, kind="evacuation")],
    )


def broken_extractor(article: Article) -> Extraction:
    raise RuntimeError("boom")


@pytest.mark.parametrize("value, reason", [
    (None, "schema"),
    (b"", "schema"),
    (b"\xff\xfe{}", "not_utf8"),
    (b"{not json", "not_json"),
    (b"[" * 5000 + b"]" * 5000, "not_json"),
    (b"[1, 2]", "schema"),
    (b'{"title": "no body"}', "schema"),
    (b'{"body": 42}', "schema"),
    (b'{"body": "x", "published": "2023-02-30"}', "schema"),
    (b'{"body": "' + b"x" * LIMIT + b'"}', "too_large"),
])
def test_bad_input_is_rejected_with_a_reason(value, reason):
    outcome = decode_article(value, LIMIT)
    assert isinstance(outcome, Rejected)
    assert outcome.reason == reason and outcome.error


def test_article_round_trip_keeps_id_and_date():
    article = Article(source="wire", title="T", body="B", published=date(2024, 5, 1))
    decoded = decode_article(encode_article(article), LIMIT)
    assert isinstance(decoded, Article)
    assert decoded.id == article.id and decoded.published == date(2024, 5, 1)


def test_id_is_stable_hash_of_source_and_text():
    assert Article(source="a", body="x").id == Article(source="a", body="x").id
    assert Article(source="a", body="x").id != Article(source="b", body="x").id
    assert Article(id="given", body="x").id == "given"


def test_dead_letter_keeps_original_bytes_and_says_why():
    outcome = route_article(b"\x00garbage", ORIGIN, LIMIT, fake_extractor)
    [message] = outcome.messages
    headers = dict(message.headers)
    assert message.topic == topics.DLQ.name and message.value == b"\x00garbage" and message.key == b"k"
    assert headers[HEADER_REASON] == b"not_json"
    assert headers[HEADER_TOPIC] == b"articles" and headers[HEADER_PARTITION] == b"2" and headers[HEADER_OFFSET] == b"41"


def test_extractor_exception_is_a_dead_letter_not_a_crash():
    value = encode_article(Article(body="text"))
    outcome = route_article(value, ORIGIN, LIMIT, broken_extractor)
    [message] = outcome.messages
    assert dict(message.headers)[HEADER_REASON] == b"extraction_error"
    assert b"boom" in dict(message.headers)["dlq.error"]
    assert message.value == value


def test_good_article_routes_each_event_to_its_topic_with_id_header():
    outcome = route_article(encode_article(Article(body="text")), ORIGIN, LIMIT, fake_extractor)
    by_topic = {m.topic: m for m in outcome.messages}
    assert set(by_topic) == {"events.strike", "events.humanitarian", topics.STRIKE_REPORTS.name}
    strike_msg = by_topic["events.strike"]
    assert dict(strike_msg.headers)["event_id"] == strike_msg.key
    assert orjson.loads(strike_msg.value)["killed"] == 1
    assert by_topic[topics.STRIKE_REPORTS.name].key.startswith(b"2024-03-02|ukraine/odesa/odesa")


@settings(max_examples=300, deadline=None)
@given(st.one_of(
    st.binary(max_size=300),
    st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.recursive(st.none() | st.booleans() | st.integers(-2**63, 2**63 - 1) | st.floats() | st.text(max_size=20),
                 lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                 max_leaves=20).map(orjson.dumps),
))
def test_any_bytes_either_route_or_dead_letter(value):
    outcome = route_article(value, ORIGIN, LIMIT, fake_extractor)
    assert outcome.messages
    if outcome.rejected is not None:
        assert [m.topic for m in outcome.messages] == [topics.DLQ.name]
        assert outcome.messages[0].value == value
    else:
        assert isinstance(outcome.article, Article)
