# Multi-stage build: compile with the full Rust toolchain, run on a slim Debian as a non-root user.
FROM rust:1-slim-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src ./src
COPY cypher ./cypher
COPY seeds ./seeds
RUN cargo build --release --locked --bin chain-atlas

FROM debian:bookworm-slim
RUN useradd --system --uid 10001 --home-dir /app chainatlas
WORKDIR /app
COPY --from=build /src/target/release/chain-atlas /usr/local/bin/chain-atlas
COPY config ./config
USER chainatlas
ENV APP_ENV=production
EXPOSE 8080
CMD ["chain-atlas", "serve"]
