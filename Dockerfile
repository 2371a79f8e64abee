# Attaché: the Discord bot in a small image. The fact base is built at image build time,
# so a container starts answering at once; the database lives on a volume so scores and
# rebuilt fact bases survive container restarts.
FROM python:3.11-slim AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --create-home --uid 10001 attache
WORKDIR /app

COPY pyproject.toml README.md ./
COPY bot ./bot
RUN pip install .

COPY seeds ./seeds
COPY facts ./facts
RUN mkdir -p /app/data \
    && ATTACHE_DATABASE=/app/data/attache.sqlite3 attache facts build \
    && chown -R attache:attache /app/data

USER attache
ENV ATTACHE_DATABASE=/app/data/attache.sqlite3 \
    ATTACHE_FACTS_DIR=/app/facts \
    ATTACHE_SEEDS_DIR=/app/seeds
VOLUME ["/app/data"]

CMD ["attache", "run"]
