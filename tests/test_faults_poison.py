"""5,000 malformed and hostile messages mixed into good traffic: the stream does not stop.

Each bad message is built to fail in one known way, so the test knows the dead-letter
reason it must get: random bytes (never valid UTF-8), broken and truncated JSON, wrong
top-level types, missing fields, wrong field types (also drawn by Hypothesis), over-long fields,
nesting deeper than any parser allows, lone surrogates escaped in JSON, empty messages
and tombstones, and bodies over the 1 MB limit. Good articles — some in odd but valid
Unicode — are interleaved with them and must all be processed, by one worker process that
never restarts an agent.
"""

from __future__ import annotations

import random
import string
from collections import Counter
from datetime import date
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from schemas import Article
from streams.codec import encode_article
from tests import faultkit
from tests.faultkit import Message
from tests.workers import WorkerProcess

pytestmark = [pytest.mark.faults, pytest.mark.integration]

N_BAD = 5_000
N_GOOD = 500
MAX_BYTES = 1_000_000  # the default limit the worker runs with
FIELDS = ("id", "source", "url", "published", "title", "body", "language", "ingested_at")
NEVER_IN_UTF8 = (0xC0, 0xC1, 0xF5, 0xF8, 0xFE, 0xFF)

# --- property-based: articles with exactly one schema defect ---------------------------------

_scalar = (st.none() | st.booleans() | st.integers(-(2**53), 2**53)
           | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=30))
_json = st.recursive(_scalar, lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=8), kids,
                                                                                          max_size=4), max_leaves=10)
_not_a_string = _json.filter(lambda value: not isinstance(value, str))
_letters = st.text(alphabet=string.ascii_letters + " ", min_size=1, max_size=20)  # never a date


@st.composite
def broken_articles(draw: st.DrawFn) -> dict[str, Any]:
    article: dict[str, Any] = {
        "id": draw(st.text(min_size=1, max_size=40)),
        "source": draw(st.text(max_size=60)),
        "title": draw(st.text(max_size=200)),
        "body": draw(st.text(max_size=400)),
        "published": draw(st.none() | st.dates(date(2000, 1, 1), date(2030, 1, 1)).map(date.isoformat)),
    }
    defect = draw(st.sampled_from(("no_body", "body_type", "field_type", "long_id", "long_title", "bad_date",
                                   "bad_timestamp")))
    if defect == "no_body":
        del article["body"]
    elif defect == "body_type":
        article["body"] = draw(_not_a_string)
    elif defect == "field_type":
        article[draw(st.sampled_from(("id", "source", "title", "language")))] = draw(_not_a_string)
    elif defect == "long_id":
        article["id"] = draw(st.text(min_size=201, max_size=260))
    elif defect == "long_title":
        article["title"] = "x" * 2_001 + draw(st.text(max_size=50))
    elif defect == "bad_date":
        article["published"] = draw(_letters)
    else:
        article["ingested_at"] = draw(_letters)
    extra = draw(st.dictionaries(st.text(min_size=1, max_size=8).filter(lambda k: k not in FIELDS), _json, max_size=3))
    return {**extra, **article}


def hypothesis_articles(n: int) -> list[dict[str, Any]]:
    """``n`` examples drawn by Hypothesis's own engine, derandomized: the same on every run."""
    found: list[dict[str, Any]] = []

    @settings(max_examples=n, derandomize=True, database=None, phases=[Phase.generate], deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(broken_articles())
    def collect(article: dict[str, Any]) -> None:
        found.append(article)

    collect()
    return found


# --- the hostile messages, each with the reason it must get ----------------------------------


def _template(rng: random.Random) -> dict[str, Any]:
    town = rng.choice(("Kharkiv", "Odesa", "Sumy", "Dnipro", "Zaporizhzhia"))
    return {"id": f"t-{rng.getrandbits(48):x}", "source": "wire", "published": "2024-05-0" + str(rng.randint(1, 9)),
            "title": f"Missile strike on {town}", "body": f"A missile hit {town} overnight, killing {rng.randint(1, 9)}."}


def hostile(seed: int) -> list[Message]:
    rng = random.Random(seed)
    out: list[Message] = []

    def add(value: bytes | None, reason: str) -> None:
        out.append(Message(f"bad-{len(out):05d}".encode(), value, reason))

    def dumps(value: Any) -> bytes:
        return orjson.dumps(value)

    for _ in range(1_150):  # random bytes, with at least one byte UTF-8 never uses
        data = bytearray(rng.randbytes(rng.randint(1, 800)))
        data[rng.randrange(len(data))] = rng.choice(NEVER_IN_UTF8)
        add(bytes(data), "not_utf8")
    for _ in range(150):  # invalid UTF-8 inside an otherwise fine JSON article (overlong '/')
        text = dumps(_template(rng))
        cut = text.index(b'"body":"') + 8
        add(text[:cut] + b"\xc0\xaf" + text[cut:], "not_utf8")
    for _ in range(1_000):  # broken JSON in valid UTF-8
        text = dumps(_template(rng)).decode()
        kind = rng.randrange(4)
        if kind == 0:
            broken = text[: rng.randrange(1, len(text))]  # truncated: a strict prefix of an object
        elif kind == 1:
            broken = text.replace('"', "'")  # Python-style quotes
        elif kind == 2:
            broken = text[:-1] + ",}"  # trailing comma
        else:
            broken = rng.choice(("Missile strike on Kharkiv", "<html><body>503</body></html>", "{body: 1}", "NaN",
                                 "\u0000{}", "{\"body\": \"x\"} {\"body\": \"y\"}")) + " " * rng.randrange(3)
        add(broken.encode(), "not_json")
    for _ in range(300):  # lone surrogates, escaped in JSON
        template = _template(rng)
        escape = rng.choice(("\\ud800", "\\udfff", "\\udc00 ", "\\ud83d x"))
        text = dumps(template).decode().replace(template["body"], template["body"] + escape)
        add(text.encode(), "not_json")
    for _ in range(100):  # nesting deeper than the parser's limit
        depth = rng.randint(1_100, 50_000)
        opener, closer = rng.choice((("[", "]"), ('{"a":', "}")))
        add(('{"body": ' + opener * depth + "1" + closer * depth + "}").encode(), "not_json")
    for _ in range(100):  # deep but parseable: a body that is no string
        depth = rng.randint(100, 1_000)
        add(('{"title": "deep", "body": ' + "[" * depth + "]" * depth + "}").encode(), "schema")
    for _ in range(300):  # valid JSON, not an object
        add(dumps(rng.choice(([_template(rng)], rng.randint(-10**9, 10**9), "an article", None, True, 1.5, []))),
            "schema")
    for _ in range(250):  # missing body
        template = _template(rng)
        del template["body"]
        add(dumps(template), "schema")
    for _ in range(40):  # empty messages and tombstones
        add(rng.choice((b"", None)), "schema")
    for _ in range(20):  # over the size limit (the rest of the article is fine)
        template = _template(rng)
        template["body"] += " Rescuers kept searching." * (MAX_BYTES // 25 + rng.randint(1_000, 20_000))
        add(dumps(template), "too_large")
    for _ in range(1_190):  # wrong field types, cheaply: a non-string where a string must be
        template = _template(rng)
        template[rng.choice(("id", "source", "title", "body", "language"))] = rng.choice(
            (None, 0, -1, 2**40, 3.25, True, False, [], ["Kharkiv"], {}, {"text": "killed 5"}, [[[]]]))
        add(dumps(template), "schema")
    for article in hypothesis_articles(400):  # and whatever else Hypothesis's engine comes up with
        add(dumps(article), "schema")
    while len(out) < N_BAD:  # Hypothesis may stop short of max_examples: top up with random bytes
        add(bytes(rng.choice(NEVER_IN_UTF8) for _ in range(rng.randint(1, 50))), "not_utf8")
    return out


def odd_but_valid(seed: int) -> list[Article]:
    """Good articles in strange Unicode: they must be processed, not dead-lettered."""
    rng = random.Random(seed)
    oddities = ("\u200b", "\u200f", "\u202e", "\ufeff", "\u0000", "\U0001f600", "e\u0301", "\u0425\u0430\u0440\u043a\u0456\u0432",
                "\ufffd", "\u2028", "\U0001d54f")
    out = []
    for i in range(30):
        template = _template(rng)
        odd = "".join(rng.choice(oddities) for _ in range(rng.randint(1, 8)))
        out.append(Article(id=f"odd-{i:03d}", source=odd + "wire", title=template["title"] + odd,
                           body=odd + template["body"] + " " + odd, published=date(2024, 5, 1 + i % 9)))
    return out


def test_poison_messages_are_dead_lettered_and_the_stream_keeps_going(tmp_path):
    bad = hostile(seed=44)
    assert len(bad) >= N_BAD
    good = faultkit.good(faultkit.workload(N_GOOD, seed=45)) + faultkit.good(odd_but_valid(seed=46))
    rng = random.Random(47)
    messages = bad + good
    rng.shuffle(messages)
    expected = faultkit.clean_run(messages, MAX_BYTES)
    # the construction is right: in process, each bad message fails as intended and no good one does
    assert {m.key.decode(): m.reason for m in bad} == expected.dead
    assert set(expected.events) == {m.key.decode() for m in good}
    app_id = "fault-poison"
    with faultkit.own_broker(tmp_path) as info:
        worker = WorkerProcess(info.bootstrap, tmp_path / "worker", app_id=app_id, env=faultkit.WORKER_ENV)
        try:
            worker.start()
            pid = worker.proc.pid
            faultkit.publish_messages(info.bootstrap, messages)
            faultkit.wait_drained(info.bootstrap, app_id, [worker], timeout=180)
            served = worker.get("/counters")
            dlq_by_reason = {reason: worker.metric("streams_dlq_total", reason=reason) for reason in set(expected.dead.values())}
            dlq_total = worker.metric("streams_dlq_total")
            processed = worker.metric("streams_articles_processed_total")
            seen = faultkit.observe(info.bootstrap)
            assert worker.proc.poll() is None and worker.proc.pid == pid
            log = worker.log_path.read_text(errors="replace")
        finally:
            worker.stop()
    fig = faultkit.figures("poison_messages", expected, seen, bad=len(bad), good=len(good),
                           by_reason=dict(sorted(Counter(expected.dead.values()).items())))
    faultkit.assert_clean(fig, expected, seen, served)
    assert fig.dead_lettered == len(bad)
    # every bad message dead-lettered once, with the reason it was built for
    assert {key: reasons for key, reasons in seen.dead.items()} == {key: [r] for key, r in expected.dead.items()}
    assert dlq_total == len(bad)
    assert dlq_by_reason == {r: float(n) for r, n in Counter(expected.dead.values()).items()}
    assert processed == len(good)
    # the worker never restarted: same process, no agent restarted by its supervisor
    assert "Restarting dead" not in log
