# Multi-stage build: the web page with Node, the service with the full Rust toolchain (the page
# embedded in its binary), run on a slim Debian as a non-root user.
FROM node:20-bookworm-slim AS web
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web ./
# The page's API types are generated from the committed contract.
COPY openapi /src/openapi
RUN npm run build

FROM rust:1-slim-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock build.rs ./
COPY src ./src
COPY cypher ./cypher
COPY seeds ./seeds
COPY --from=web /src/web/dist ./web/dist
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
