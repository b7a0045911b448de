#!/usr/bin/env python3
"""bench/serve_latency.py: how long after a pack's index.md is saved
`sayso serve` serves the new page, and how much memory serve keeps.

    python3 bench/serve_latency.py SAYSO SITE NOW JOBS [EDITS]

Starts `sayso serve SITE --port 0`, waits for its first build (the
address it prints), then EDITS times (default 7) appends a sentence to the
first pack's index.md and polls that pack's page over HTTP until the
sentence is there.  Prints the median time from the save to the new page
being served beside the 100 ms target, and serve's resident memory
(VmRSS now, VmHWM its peak) from /proc.  SITE is changed: give a copy.
"""
import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.request

TARGET_MS = 100.0


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as reply:
            return reply.read().decode("utf-8", "replace")
    except Exception:
        return ""


def memory_kb(pid):
    got = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                got[key] = int(value.split()[0])
    return got


def main():
    sayso, site, now, jobs = sys.argv[1:5]
    edits = int(sys.argv[5]) if len(sys.argv) > 5 else 7
    pack = sorted(os.listdir(os.path.join(site, "consultations")))[0]
    index = os.path.join(site, "consultations", pack, "index.md")
    log = open(os.path.join(os.path.dirname(os.path.abspath(site)), "serve.log"), "w")
    began = time.monotonic()
    serve = subprocess.Popen([sayso, "serve", site, "--port", "0", "--now", now, "-j", jobs],
                             stdout=subprocess.PIPE, stderr=log, text=True)
    try:
        line = serve.stdout.readline()
        if "http://" not in line:
            sys.exit(f"bench: sayso serve did not start (see {log.name})")
        base = line.split("http://", 1)[1].strip()
        first_build = time.monotonic() - began
        url = f"http://{base}consultations/{pack}/"
        if pack not in fetch(url) and "<html" not in fetch(url):
            sys.exit(f"bench: sayso serve does not serve {url}")
        times = []
        for i in range(edits):
            # Apart enough that each edit is a build of its own.
            time.sleep(1.5)
            mark = f"Timing sentence number {i} of {os.getpid()}."
            saved = time.monotonic()
            with open(index, "a") as f:
                f.write(f"\n{mark}\n")
            while mark not in fetch(url):
                if time.monotonic() - saved > 120:
                    sys.exit(f"bench: {url} did not show the edit within 120 s")
                time.sleep(0.002)
            times.append((time.monotonic() - saved) * 1000)
        time.sleep(1.5)
        mem = memory_kb(serve.pid)
    finally:
        serve.send_signal(signal.SIGINT)
        try:
            serve.wait(timeout=60)
        except subprocess.TimeoutExpired:
            serve.kill()
    median = statistics.median(times)
    verdict = "ok" if median < TARGET_MS else "MISSED"
    print(f"  sayso serve, first build   {first_build:8.3f} s")
    print(f"  sayso serve, edit to served {median:7.0f} ms  (median of {len(times)}: "
          f"{min(times):.0f}-{max(times):.0f} ms)   target < {TARGET_MS:.0f} ms  {verdict}")
    print(f"  sayso serve resident memory {mem.get('VmRSS', 0) / 1024:7.1f} MB now, "
          f"{mem.get('VmHWM', 0) / 1024:.1f} MB peak")


if __name__ == "__main__":
    main()
