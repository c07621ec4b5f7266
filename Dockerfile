# ShopPlan: a two-stage build on one Debian release (bookworm) for builder and runtime.
# The build needs no database: query metadata comes from .sqlx/ (SQLX_OFFLINE=true).
FROM rust:1.95-bookworm AS builder
WORKDIR /src
ENV SQLX_OFFLINE=true CARGO_TERM_COLOR=never
COPY Cargo.toml Cargo.lock clippy.toml build.rs ./
COPY .sqlx .sqlx
COPY src src
COPY migrations migrations
COPY templates templates
COPY static static
RUN cargo build --release --locked \
 && strip target/release/shopplan

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin shopplan
# Templates, translations, static files and migrations are all inside the binary.
COPY --from=builder /src/target/release/shopplan /usr/local/bin/shopplan
USER shopplan
ENV BIND_ADDR=0.0.0.0:8080 LOG_FORMAT=json RUST_LOG=info
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/shopplan"]
CMD ["serve"]
