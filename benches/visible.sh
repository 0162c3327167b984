#!/usr/bin/env bash
# Edit-to-visible latency of `broadsheet serve` in Chromium, on the default site
# and on generated bilingual sites of N articles per language (2N + 4 pages):
#   benches/visible.sh [N ...]        # default: 1000 (2,004 pages)
#   RUNS=9 benches/visible.sh 1000 10000
# Needs the browser suite's packages (cd tests/browser && npm ci) and Debian's
# chromium. Sites are generated on tmpfs when /dev/shm exists.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${RUNS:-7}"
base=/dev/shm; [ -d "$base" ] || base="${TMPDIR:-/tmp}"
tmp="$(mktemp -d "$base/broadsheet-visible.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
cargo build --release --quiet --manifest-path "$repo/Cargo.toml" --bin broadsheet --example gensite
release="${CARGO_TARGET_DIR:-$repo/target}/release"
mkdir -p "$tmp/default"
cp -r "$repo/config.toml" "$repo/content" "$repo/templates" "$tmp/default/"
node "$repo/benches/visible.mjs" "$tmp/default" /article/ content/article/index.md "$runs"
for n in "${@:-1000}"; do
  "$release/examples/gensite" --n "$n" --out "$tmp/gen-$n" > /dev/null
  half=$(printf '%05d' $(( (n + 1) / 2 )))
  node "$repo/benches/visible.mjs" "$tmp/gen-$n" "/posts/post-$half/" "content/posts/post-$half.md" "$runs"
  rm -rf "$tmp/gen-$n"
done
