# pgct agent image: build the release binary with a static Swift standard library,
# then run it on a slim Debian with only the C libraries it links.
ARG SWIFT_IMAGE=swift:6.3-bookworm

FROM ${SWIFT_IMAGE} AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libpq-dev liblapacke-dev libopenblas-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Plugins ./Plugins
COPY Tests ./Tests
COPY sql ./sql
RUN swift build -c release --static-swift-stdlib --product pgct \
 && install -D "$(swift build -c release --show-bin-path)/pgct" /out/pgct

FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libpq5 liblapacke libopenblas0-pthread ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin pgct
COPY --from=build /out/pgct /usr/local/bin/pgct
USER pgct
# Connection from DATABASE_URL or the PG* variables; see the README.
ENTRYPOINT ["pgct"]
CMD ["agent"]
