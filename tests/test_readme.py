"""The README cannot drift from the code: settings, topics and commands are all in it."""

from pathlib import Path

from streams import topics
from streams.__main__ import COMMANDS
from streams.settings import settings_table

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_settings_table_is_current():
    assert settings_table() in README, "paste the output of `python -m streams settings` into README.md"


def test_every_topic_and_command_is_documented():
    for spec in topics.ALL:
        assert f"`{spec.name}`" in README
    for name in COMMANDS:
        assert f"| `{name}` |" in README


def test_the_two_commands_come_first():
    assert README.index("make run") < README.index("## Architecture")
    assert README.index("make test") < README.index("## Architecture")
