# The stream worker (and every other `python -m streams` command) as an image.
#
#   docker build -t conflict-streams:local .
#   docker run --rm -e STREAMS_BOOTSTRAP_SERVERS=broker:9092 -p 6066:6066 conflict-streams:local
#
# Dependencies are pinned by constraints.txt, the versions the test suite runs with.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    STREAMS_DATA_DIR=/data \
    STREAMS_WEB_HOST=0.0.0.0 \
    STREAMS_WEB_PORT=6066

WORKDIR /app

# Install first, from the package sources only, so that editing seeds or docs keeps the
# dependency layer cached.
COPY pyproject.toml constraints.txt README.md ./
COPY schemas ./schemas
COPY streams ./streams
RUN pip install -c constraints.txt . \
    && useradd --system --uid 10001 --home-dir /data streams \
    && mkdir -p /data \
    && chown streams /data

COPY seeds ./seeds

USER streams
VOLUME ["/data"]
EXPOSE 6066

CMD ["python", "-m", "streams", "worker"]
