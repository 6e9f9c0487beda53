"""No pickle, no eval of input: the service's code never turns bytes into code or objects.

Kafka messages, HTTP requests and article files come from outside. Python's pickle (and
marshal, shelve, dill), ``eval``/``exec`` and PyYAML's full loaders can all run code chosen
by whoever wrote the bytes, so none of them may appear in ``streams/`` or ``schemas/`` —
not even as a Faust serializer name. The scan reads Python tokens, so a docstring that
*mentions* pickle is fine and a call hidden after a comment is not.
"""

from __future__ import annotations

import io
import tokenize
from pathlib import Path

import pytest

from streams.settings import PROJECT_ROOT

SCANNED = ("streams", "schemas")
UNSAFE_MODULES = {"pickle", "cPickle", "_pickle", "dill", "cloudpickle", "marshal", "shelve", "jsonpickle"}
UNSAFE_CALLS = {"eval", "exec", "execfile", "compile", "__import__"}
UNSAFE_YAML = {"load", "load_all", "unsafe_load", "unsafe_load_all", "full_load", "full_load_all", "Loader",
               "UnsafeLoader", "FullLoader"}
UNSAFE_SERIALIZERS = {"pickle", "binary"}  # Faust codec names; "binary" is base64'ed pickle there


def findings(source: str) -> list[str]:
    """Unsafe constructs in one Python source, as ``line: what``."""
    tokens = [t for t in tokenize.generate_tokens(io.StringIO(source).readline)
              if t.type not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT)]
    out = []
    for i, tok in enumerate(tokens):
        prev = tokens[i - 1].string if i else ""
        after = tokens[i + 1].string if i + 1 < len(tokens) else ""
        if tok.type == tokenize.NAME:
            if tok.string in UNSAFE_MODULES:
                out.append(f"{tok.start[0]}: {tok.string}")
            elif tok.string in UNSAFE_CALLS and after == "(" and prev != ".":
                out.append(f"{tok.start[0]}: {tok.string}(")
            elif tok.string in UNSAFE_YAML and prev == "." and i >= 2 and tokens[i - 2].string == "yaml":
                out.append(f"{tok.start[0]}: yaml.{tok.string}")
        elif tok.type == tokenize.STRING and tok.string.strip("'\"") in UNSAFE_SERIALIZERS and prev in ("=", ":", ","):
            out.append(f"{tok.start[0]}: serializer {tok.string}")
    return out


def _sources() -> list[Path]:
    return sorted(p for root in SCANNED for p in (PROJECT_ROOT / root).rglob("*.py"))


def test_the_scan_catches_what_it_is_for():
    bad = '''
import pickle
from marshal import loads
data = eval(text)
exec(code)
config = yaml.load(stream)
config = yaml.load(stream, Loader=yaml.FullLoader)
app = faust.App("x", value_serializer="pickle")
'''
    found = findings(bad)
    assert [f.split(": ")[1] for f in found] == [
        "pickle", "marshal", "eval(", "exec(", "yaml.load", "yaml.load", "yaml.FullLoader", 'serializer "pickle"']
    fine = '''
"""We never use pickle here; eval( in a docstring is text."""
# pickle.loads(x) in a comment is not code
config = yaml.safe_load(stream)
value = ast.literal_eval(text)
model.eval()
proc = await asyncio.create_subprocess_exec("kcat")
'''
    assert findings(fine) == []


def test_the_scan_sees_the_code():
    sources = _sources()
    assert len(sources) > 20
    assert PROJECT_ROOT / "streams" / "app.py" in sources


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(PROJECT_ROOT)))
def test_no_pickle_no_eval_no_unsafe_yaml(path):
    assert findings(path.read_text(encoding="utf-8")) == []
