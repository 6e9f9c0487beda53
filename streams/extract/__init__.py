"""The extraction core: ``extract(article) -> Extraction``, pure Python, no I/O.

Rule-based and explainable: every event comes from a sentence (its ``summary``), with the
place the sentence ties to it, the date its words resolve to against the publication
date, the figures next to its casualty words and the status its sources give them.
``extract`` is a pure function of the article: no I/O, no state kept between calls; the
gazetteer and the lexicons are read-only tables built once per process.
"""

from __future__ import annotations

import threading

from schemas import Article, Extraction

from .core import Extractor
from .gazetteer import get_gazetteer

__all__ = ["EXTRACTOR_VERSION", "extract", "get_extractor", "Extractor"]

#: Bumped whenever rules change what an article yields (event ids depend on the output).
EXTRACTOR_VERSION = "1.0.0"

_lock = threading.Lock()
_extractor: Extractor | None = None


def get_extractor() -> Extractor:
    """The process-wide extractor (read-only tables, built on first use)."""
    global _extractor
    if _extractor is None:
        with _lock:
            if _extractor is None:
                _extractor = Extractor(get_gazetteer())
    return _extractor


def extract(article: Article) -> Extraction:
    """Every event of one article: strike incidents (merged within the article) and the
    other event types."""
    return get_extractor().extract(article)
