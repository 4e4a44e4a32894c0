# syntax=docker/dockerfile:1
# The sgb image: the `sgb` command with the bundled corpus, migrations and the offline GraphiQL assets.
#   docker build -t sgb .
#   docker run --rm -p 8000:8000 sgb                      # API on an SQLite file in /data (the default)
#   docker run --rm sgb query '{ issuance(symbol: "ST/SGB/2010/2") { title } }'
# docker-compose.yml runs the PostgreSQL deployment (migrate, ingest, projector, api) from this image.

# The wheel is built with the projector's modules compiled by mypyc (setup.py, SGB_COMPILE=1). Compiling
# type-checks them, so the project's dependencies are installed here first, with mypy and a C compiler;
# none of these is in the image.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev \
    && rm -rf /var/lib/apt/lists/*
RUN pip install "mypy~=2.4" "setuptools>=69" wheel
WORKDIR /src
COPY pyproject.toml setup.py README.md ./
COPY events ./events
COPY service ./service
COPY corpus ./corpus
COPY migrations ./migrations
RUN pip install --no-build-isolation . \
    && SGB_COMPILE=1 pip wheel --no-build-isolation --no-deps --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
COPY --from=build /wheels /wheels
RUN pip install /wheels/*.whl && rm -rf /wheels \
    && useradd --create-home --uid 10001 sgb \
    && mkdir /data && chown sgb:sgb /data
USER sgb
# The default store is an SQLite file in the working directory: /data (mount a volume to keep it).
WORKDIR /data
EXPOSE 8000
ENTRYPOINT ["sgb"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
