#!/usr/bin/env bash
# Benchmark: builds broadsheet and the site generator (the `gensite` example,
# benches/gensite/) in release mode once, generates the bilingual
# benchmark site at each N (N Chinese articles + N English translations), builds
# it with broadsheet and, when they are on the PATH, Hugo and Zola, alternating
# runs, and prints median wall time, pages/s, peak RSS and CPU %, with ratios.
#
#   benches/run.sh 5 1000 10000
#
# Environment: RUNS (measured runs per tool and size, default 5), WARMUP
# (unmeasured runs first, default 1), TOOLS (default broadsheet,hugo,zola),
# REBUILD=1 (build over the previous output instead of into an absent folder),
# EDIT=1 (before each build, a one-sentence edit of one article, then a build
# over the previous output: broadsheet with its build cache), NO_CACHE=1
# (broadsheet with --no-cache: not even its record of clean translations is
# used, which a build into an absent folder otherwise reads), CACHE_CHECK=0
# (skip the check that a cached build equals a clean one after random edits of a
# generated 2,004-page site, run last by default),
# OUTDIR (where the tools write, default the temporary folder on disk; /dev/shm
# takes the disk out of the measurement), CARGO_TARGET_DIR (where cargo puts
# the binaries). Needs python3 (stdlib only) for the timing runner, bench.py.
# Run by hand, never as a timed test. Temporary folders are removed on exit.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if [ $# -eq 0 ]; then
  echo "usage: benches/run.sh N [N...]   (N = articles per language, e.g. 5 1000 10000)" >&2
  exit 2
fi
for n in "$@"; do
  case "$n" in
    '' | *[!0-9]* | 0) echo "run.sh: N must be a positive integer, not '$n'" >&2; exit 2 ;;
  esac
done
if ! command -v python3 > /dev/null; then
  echo "run.sh: python3 is needed to run benches/bench.py (apt-get install -y python3)" >&2
  exit 2
fi

echo "building broadsheet and the site generator (cargo build --release)..."
(cd "$repo" && cargo build --release --quiet --bin broadsheet --example gensite)
release="${CARGO_TARGET_DIR:-$repo/target}/release"
case "$release" in /*) ;; *) release="$repo/$release" ;; esac

work="$(mktemp -d "${TMPDIR:-/tmp}/broadsheet-bench.XXXXXX")"
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# Private copies, so a rebuild elsewhere during the run cannot swap the binaries.
cp "$release/broadsheet" "$work/broadsheet"
cp "$release/examples/gensite" "$work/gensite"
echo "broadsheet source: $(git -C "$repo" rev-parse --short HEAD 2> /dev/null || echo unknown)$(git -C "$repo" diff --quiet HEAD 2> /dev/null || echo ' with uncommitted changes')"

python3 "$repo/benches/bench.py" --bin "$work/broadsheet" --gensite "$work/gensite" --work "$work" \
  --runs "${RUNS:-5}" --warmup "${WARMUP:-1}" --tools "${TOOLS:-broadsheet,hugo,zola}" \
  ${OUTDIR:+--out-root "$OUTDIR"} ${REBUILD:+--rebuild} ${EDIT:+--edit} ${NO_CACHE:+--no-cache} "$@"

if [ "${CACHE_CHECK:-1}" != 0 ]; then
  echo
  echo "build cache: random edits of a generated 2,004-page site, each cached build compared with a clean one..."
  "$work/gensite" --n 1000 --out "$work/cache-site" > /dev/null
  (cd "$repo" && BROADSHEET_CACHE_SITE="$work/cache-site" cargo test --release --quiet --test site \
    cache::after_every_random_edit_a_cached_build_equals_a_clean_one)
fi
