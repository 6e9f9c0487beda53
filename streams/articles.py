"""Reading article documents from files, folders, JSON lines and stdin.

Plain-text article files follow the seed format: an optional first line
`` date YYYY-MM-DD <title>`` (leading space optional); without it the first line is the
title and the publication date is unknown. JSON lines hold :class:`schemas.Article`
fields, one object per line.
"""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator

import orjson

from schemas import Article

_DATE_LINE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s*(.*)$")
ARTICLE_SUFFIXES = (".txt", ".md")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")


def parse_article_text(text: str, *, source: str = "unknown", article_id: str = "") -> Article:
    """Parse a seed-format text into an Article (title line, optional publication date)."""
    text = text.lstrip("\ufeff")
    first, _, body = text.partition("\n")
    published: date | None = None
    match = _DATE_LINE.match(first)
    if match:
        try:
            published = date.fromisoformat(match.group(1))
        except ValueError:
            published = None
        title = match.group(2).strip()
    else:
        title = first.strip()
    return Article(id=article_id, source=source, title=title, body=body.strip("\n"), published=published)


def read_article_file(path: Path | str) -> Article:
    """Read one plain-text article; its id is the file name without suffix."""
    path = Path(path)
    return parse_article_text(path.read_text(encoding="utf-8"), source=path.parent.name or "file", article_id=path.stem)


def iter_jsonl(lines: Iterable[bytes | str]) -> Iterator[Article]:
    """Articles from JSON lines; blank lines are skipped, a bad line raises ValueError with its number."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield Article.model_validate(orjson.loads(line))
        except Exception as exc:  # noqa: BLE001 - re-raised with the line number
            raise ValueError(f"line {number}: {exc}") from exc


def iter_articles(paths: Iterable[str | Path]) -> Iterator[Article]:
    """Articles from files, folders (sorted, recursive) and ``-`` (stdin, JSON lines or one text)."""
    for raw in paths:
        if str(raw) == "-":
            data = sys.stdin.buffer.read()
            if data.lstrip()[:1] == b"{":
                yield from iter_jsonl(data.splitlines())
            else:
                yield parse_article_text(data.decode("utf-8"), source="stdin")
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.suffix in ARTICLE_SUFFIXES + JSONL_SUFFIXES)
            yield from iter_articles(files)
        elif path.suffix in JSONL_SUFFIXES:
            with path.open("rb") as handle:
                yield from iter_jsonl(handle)
        elif path.exists():
            yield read_article_file(path)
        else:
            raise FileNotFoundError(f"no such file or folder: {path}")
