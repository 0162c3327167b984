#!/usr/bin/env bash
# Edit-to-reload latency of `broadsheet serve` on the default site and on a
# generated 1,000-page bilingual site (500 articles per language). Run by hand:
#   benches/serve.sh [RUNS]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-10}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cargo build --release --quiet --manifest-path "$repo/Cargo.toml" --bin broadsheet --example gensite
release="${CARGO_TARGET_DIR:-$repo/target}/release"
bin="$release/broadsheet"
mkdir -p "$tmp/default"
cp -r "$repo/config.toml" "$repo/content" "$repo/templates" "$tmp/default/"
"$release/examples/gensite" --n 500 --out "$tmp/gen" > /dev/null
python3 "$repo/benches/serve_latency.py" "$bin" "$tmp/default" content/about.md 18431 "$runs"
python3 "$repo/benches/serve_latency.py" "$bin" "$tmp/gen" content/posts/post-00250.md 18432 "$runs"
