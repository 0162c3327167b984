#!/usr/bin/env python3
"""Builds the generated benchmark site with broadsheet (and Hugo and Zola when
they are on the PATH), alternating the tools run by run, and prints a table:
pages, median wall time, pages per second, peak RSS and CPU utilisation, plus
the ratios broadsheet/other.

Usually started by `benches/run.sh N [N...]`, which builds broadsheet and the
site generator (the `gensite` example, `benches/gensite/`) in release mode and
gives this script a temporary work folder:

    python3 benches/bench.py --bin target/release/broadsheet \
        --gensite target/release/examples/gensite --work /tmp/w 5 1000

Measurements come from the kernel: each build is one child process, reaped with
`os.wait4`, whose resource usage gives the peak resident set size (`ru_maxrss`,
the same number `/usr/bin/time -v` prints as "Maximum resident set size") and
the user and system CPU time; wall time is `time.perf_counter` around the
child. CPU % is (user + system) / wall, so 200 % means both cores busy. Every
build writes into a fresh, absent output folder (or, with --rebuild, over its
own previous output); the file system is synced before each build so one
tool's write-back does not land in another's time.
Standard library only.
"""

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def pages_for(n):
    """Pages every tool renders: N articles and 1 section and 1 home per language."""
    return 2 * n + 4


def tool_command(tool, binary, site, out, rebuild=False, no_cache=False):
    if tool == "broadsheet":
        return [binary, "build", "--root", site, "--output", out, *(["--no-cache"] if no_cache else [])]
    if tool == "hugo":
        # Minification is on in the generated hugo.toml ([minify] minifyOutput).
        return [binary, "--source", site, "--destination", out, "--quiet"]
    if tool == "zola":
        # Zola refuses an existing output folder unless forced.
        return [binary, "--root", site, "build", "--output-dir", out, *(["--force"] if rebuild else [])]
    raise ValueError(tool)


def generate(gensite, tool, site, n):
    """Writes the benchmark site for `tool` with the generator binary."""
    cmd = [gensite, "--tool", tool, "--n", str(n), "--out", site]
    proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr.decode(errors="replace"))
        raise SystemExit(f"bench: `{' '.join(cmd)}` failed with exit code {proc.returncode}")


def tool_version(tool, binary):
    args = {"broadsheet": ["--version"], "hugo": ["version"], "zola": ["--version"]}[tool]
    try:
        out = subprocess.run([binary, *args], capture_output=True, text=True, timeout=30)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    except (OSError, subprocess.SubprocessError, IndexError):
        return "unknown version"


def clear_output(out):
    """Removes an output folder and anything a tool keeps beside it between
    builds (broadsheet's `.NAME.prev`), so the next build starts from nothing."""
    parent, name = os.path.split(out)
    for entry in os.listdir(parent):
        if entry == name or entry.startswith(f".{name}."):
            shutil.rmtree(os.path.join(parent, entry), ignore_errors=True)


def run_once(cmd, out, rebuild=False):
    """One build in a child process: (wall s, peak RSS KiB, CPU s)."""
    if not rebuild:
        clear_output(out)
    os.sync()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # Read stderr while waiting, so a chatty tool never blocks on a full pipe.
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.stderr.write(err.decode(errors="replace"))
        raise SystemExit(f"bench: `{' '.join(cmd)}` failed with exit code {proc.returncode}")
    return wall, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def edit_article(site, i):
    """Appends a sentence to the first article's body, as an editor's save does."""
    with open(os.path.join(site, "content", "posts", "post-00001.md"), "a", encoding="utf-8") as f:
        f.write(f"\n\n第{i + 1}次编辑补充的一句话。\n")


def count_html(out):
    return sum(1 for _, _, files in os.walk(out) for f in files if f.endswith(".html"))


def machine():
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            kib = int(f.readline().split()[1])
            mem = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} CPUs ({model}), {mem} RAM, {platform.system()} {platform.release()}"


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


def fmt_row(cells, widths):
    return "| " + " | ".join(str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(cells, widths))) + " |"


def print_table(header, rows):
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    print(fmt_row(header, widths))
    print("| " + " | ".join("-" * w for w in widths) + " |")
    for r in rows:
        print(fmt_row(r, widths))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sizes", nargs="+", type=int, metavar="N", help="articles per language")
    ap.add_argument("--bin", required=True, help="the broadsheet binary (release build)")
    ap.add_argument("--gensite", required=True,
                    help="the site generator binary (cargo build --release --example gensite)")
    ap.add_argument("--work", required=True, help="an empty folder for the generated sites and outputs")
    ap.add_argument("--runs", type=int, default=5, help="measured runs per tool and size (median is reported)")
    ap.add_argument("--warmup", type=int, default=1, help="unmeasured runs per tool first (page cache, disk)")
    ap.add_argument("--tools", default="broadsheet,hugo,zola", help="comma-separated; absent ones are skipped")
    ap.add_argument("--out-root", help="where the tools write their output (default: the work folder); "
                    "e.g. /dev/shm to take the disk out of the measurement")
    ap.add_argument("--rebuild", action="store_true",
                    help="build over the previous build's output instead of into an absent folder "
                    "(the everyday case: each tool then also replaces or deletes the old files)")
    ap.add_argument("--no-cache", action="store_true",
                    help="build broadsheet with --no-cache: nothing of earlier builds is used, "
                    "not even the translations found clean (.broadsheet/translations.bin)")
    ap.add_argument("--edit", action="store_true",
                    help="before each build, append a sentence to one article (content/posts/post-00001.md) "
                    "and build over the previous output: the one-file edit an editor makes "
                    "(broadsheet with its build cache; the first build, a full one, is a warm-up)")
    args = ap.parse_args(argv)
    if args.edit:
        args.rebuild = True
        args.warmup = max(args.warmup, 1)
    if args.runs < 1 or any(n < 1 for n in args.sizes):
        ap.error("runs and N must be at least 1")
    out_root = tempfile.mkdtemp(prefix="broadsheet-bench-out.", dir=args.out_root) if args.out_root else args.work
    try:
        return measure(args, out_root)
    finally:
        if out_root != args.work:
            shutil.rmtree(out_root, ignore_errors=True)


def measure(args, out_root):

    binaries = {}
    for tool in args.tools.split(","):
        path = os.path.abspath(args.bin) if tool == "broadsheet" else shutil.which(tool)
        if path and os.access(path, os.X_OK):
            binaries[tool] = path
        else:
            print(f"{tool}: not found on PATH, not measured" if tool != "broadsheet"
                  else f"broadsheet: no binary at {args.bin}")
    if "broadsheet" not in binaries:
        return 1
    tools = list(binaries)

    print(f"machine: {machine()}")
    for tool in tools:
        print(f"{tool}: {tool_version(tool, binaries[tool])} ({binaries[tool]})")
    print(f"output written under {out_root}, "
          + ("after a one-sentence edit of one article, over the previous output (--edit)" if args.edit
             else "over the previous build's output (--rebuild)" if args.rebuild
             else "into an absent folder each build"))
    print(f"runs: {args.runs} measured per tool and size, after {args.warmup} warm-up; tools alternate run by run")
    print()

    results = []  # (n, tool, pages, walls, rss, cpu%, html files)
    for n in args.sizes:
        base = os.path.join(args.work, f"n{n}")
        commands = {}
        for tool in tools:
            site = os.path.join(base, f"site-{tool}")
            t0 = time.perf_counter()
            generate(args.gensite, tool, site, n)
            out = os.path.join(out_root, f"n{n}-out-{tool}")
            commands[tool] = (tool_command(tool, binaries[tool], site, out, args.rebuild, args.no_cache), out)
            print(f"N={n}: generated {tool} site in {time.perf_counter() - t0:.1f} s; "
                  f"command: {' '.join(commands[tool][0])}", flush=True)
        print(f"N={n}: load average before the runs: {loadavg()} (other work on the machine skews times)", flush=True)
        samples = {t: [] for t in tools}
        for i in range(args.warmup + args.runs):
            # Alternate, and rotate who goes first, so no tool always follows the same one.
            order = tools[i % len(tools):] + tools[: i % len(tools)]
            for tool in order:
                cmd, out = commands[tool]
                if args.edit:
                    edit_article(os.path.join(base, f"site-{tool}"), i)
                wall, rss, cpu = run_once(cmd, out, args.rebuild)
                if i >= args.warmup:
                    samples[tool].append((wall, rss, cpu))
            print(f"N={n}: run {i + 1}/{args.warmup + args.runs}"
                  + (" (warm-up)" if i < args.warmup else "")
                  + "  " + "  ".join(f"{t} {samples[t][-1][0]:.3f} s" if samples[t] and i >= args.warmup else t
                                     for t in tools), flush=True)
        for tool in tools:
            walls = [s[0] for s in samples[tool]]
            rss = statistics.median(s[1] for s in samples[tool]) / 1024
            cpu = statistics.median(s[2] / s[0] * 100 for s in samples[tool])
            results.append((n, tool, pages_for(n), walls, rss, cpu, count_html(commands[tool][1])))
        print(f"N={n}: load average after the runs: {loadavg()}", flush=True)
        for tool in tools:
            clear_output(commands[tool][1])
        shutil.rmtree(base, ignore_errors=True)
        print(flush=True)

    header = ["tool", "N", "pages", "median wall s", "min–max s", "pages/s", "peak RSS MB", "CPU %", "HTML files"]
    rows = []
    for n, tool, pages, walls, rss, cpu, html in results:
        med = statistics.median(walls)
        rows.append([tool, n, pages, f"{med:.3f}", f"{min(walls):.3f}–{max(walls):.3f}",
                     f"{pages / med:,.0f}", f"{rss:.1f}", f"{cpu:.0f}", html])
    print_table(header, rows)

    others = [t for t in tools if t != "broadsheet"]
    if others:
        print()
        print("ratios broadsheet / other (below 1: broadsheet is faster or smaller)")
        by = {(n, t): (statistics.median(w), rss) for n, t, _, w, rss, _, _ in results}
        header = ["N", "vs", "wall ratio", "peak RSS ratio"]
        rows = []
        for n in args.sizes:
            b_wall, b_rss = by[(n, "broadsheet")]
            for t in others:
                o_wall, o_rss = by[(n, t)]
                rows.append([n, t, f"{b_wall / o_wall:.2f}", f"{b_rss / o_rss:.2f}"])
        print_table(header, rows)
    if "zola" not in binaries:
        print()
        print("zola: not on PATH on this machine, so no Zola figures (install it to compare)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
