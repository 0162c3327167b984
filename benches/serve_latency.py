"""Edit-to-reload latency of `broadsheet serve`: the time from writing a
one-paragraph edit to a page's Markdown to the `reload` event reaching an open
page (Server-Sent Events). A benchmark, run by hand, never a test:

    python3 benches/serve_latency.py target/release/broadsheet SITE_ROOT content/PAGE.md PORT RUNS

benches/serve.sh runs it on the default site and a generated 1,000-page site.
"""
import socket, subprocess, sys, time, os, statistics, re

bin_, root, page, port, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
log = open(os.devnull, "w")
proc = subprocess.Popen([bin_, "serve", "--root", root, "--port", str(port)], stdout=log, stderr=log)
try:
    deadline = time.time() + 60
    while True:
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=1); break
        except OSError:
            if time.time() > deadline: raise
            time.sleep(0.05)
    s.settimeout(30)
    s.sendall(b"GET /__broadsheet/events HTTP/1.1\r\nHost: x\r\n\r\n")
    buf = b""
    def next_event():
        global buf
        while True:
            m = re.search(rb"event: ?(\w+)", buf)
            if m:
                buf = buf[m.end():]
                return m.group(1).decode()
            chunk = s.recv(65536)
            if not chunk: raise SystemExit("closed")
            buf += chunk
    assert next_event() == "ok"
    path = os.path.join(root, page)
    original = open(path, encoding="utf-8").read()
    times = []
    for i in range(runs):
        time.sleep(0.3)
        t0 = time.perf_counter()
        with open(path, "w", encoding="utf-8") as f:
            f.write(original + f"\n\nA new paragraph written by the latency probe, run {i}, to see how fast the page reloads.\n")
        ev = next_event()
        while ev != "reload":
            ev = next_event()
        times.append((time.perf_counter() - t0) * 1000)
    open(path, "w", encoding="utf-8").write(original)
    print(f"{root}: n={runs} median={statistics.median(times):.0f} ms min={min(times):.0f} max={max(times):.0f}")
finally:
    proc.send_signal(2)
    try:
        print("exit code after SIGINT:", proc.wait(timeout=5))
    except subprocess.TimeoutExpired:
        proc.kill(); print("did not stop on SIGINT")
