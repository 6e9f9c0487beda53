"""``python -m streams COMMAND ...``: one entry point for every command of the service.

Each command lives in its own module with a ``cli(argv) -> int`` function; this file only
dispatches, importing the module on demand so that ``broker status`` does not pay for
Faust's import time.
"""

from __future__ import annotations

import importlib
import sys

COMMANDS: dict[str, tuple[str, str]] = {
    "run": ("streams.run", "Main job: local broker, worker, seed replay, summary; serves metrics until Ctrl-C."),
    "broker": ("streams.broker", "Local Kafka broker: start | stop | status."),
    "worker": ("streams.worker", "Run the stream worker (Faust)."),
    "publish": ("streams.producer", "Publish article files, folders, JSON lines or stdin."),
    "replay": ("streams.producer", "Replay a folder of articles at a rate, K times."),
    "extract": ("streams.evaluate", "Print the extractor's view of each article (JSON lines)."),
    "eval": ("streams.evaluate", "Score the extractor against a gold file."),
    "dlq": ("streams.deadletters", "Dead letters: list | replay."),
    "subscribe": ("streams.subscribe", "Pretty-print live events from a topic."),
    "bench": ("streams.bench", "Benchmarks: extractor, end to end, latency, memory."),
    "schemas": ("schemas.generate", "Regenerate the JSON Schemas in schemas/json/."),
    "settings": ("streams.settings", "Print every setting (STREAMS_*) with its default."),
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help", "help"} or argv[0] not in COMMANDS:
        print("usage: python -m streams COMMAND [ARGS]\n\ncommands:")
        for name, (_, doc) in COMMANDS.items():
            print(f"  {name:<10} {doc}")
        return 0 if argv and argv[0] in {"-h", "--help", "help"} else 2
    name, rest = argv[0], argv[1:]
    module = importlib.import_module(COMMANDS[name][0])
    return int(module.cli([name, *rest]) or 0)


if __name__ == "__main__":
    sys.exit(main())
