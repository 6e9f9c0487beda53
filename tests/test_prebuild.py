"""The worker's gazetteer, built in a child process, is the gazetteer built in process."""

from __future__ import annotations

import subprocess

from schemas import Article
from streams import prebuild
from streams.extract.core import Extractor
from streams.extract.gazetteer import Gazetteer, get_gazetteer

TEXT = ("Russian missiles struck Kramatorsk and the Donetsk region overnight; in Kharkiv Oblast "
        "a drone hit Kupiansk, and Belgorod reported shelling. Officials in Kyiv said 3 were killed.")


def test_the_child_built_gazetteer_finds_what_the_in_process_one_finds():
    built = prebuild.gazetteer_from_child()
    assert isinstance(built, Gazetteer)
    here = get_gazetteer()
    assert built is not here and len(built) == len(here) and built.key_count == here.key_count
    assert [(m.start, m.end, m.place) for m in built.find(TEXT)] == [(m.start, m.end, m.place) for m in here.find(TEXT)]
    article = Article(id="a1", source="test", published="2024-03-02", title="Strikes", body=TEXT)
    assert Extractor(built).extract(article) == Extractor(here).extract(article)


def test_a_failing_child_leaves_the_build_to_the_worker(monkeypatch, caplog):
    def fail(*args, **kwargs):
        raise subprocess.CalledProcessError(1, args[0], b"", b"ImportError: no module named streams")

    monkeypatch.setattr(prebuild.subprocess, "run", fail)
    assert prebuild.gazetteer_from_child() is None
    assert "ImportError: no module named streams" in caplog.text


def test_a_child_that_writes_no_gazetteer_leaves_the_build_to_the_worker(monkeypatch, caplog):
    monkeypatch.setattr(prebuild.subprocess, "run",
                        lambda *a, **k: subprocess.CompletedProcess(a[0], 0, b"Traceback (most recent", b""))
    assert prebuild.gazetteer_from_child() is None
    assert "building it here" in caplog.text
