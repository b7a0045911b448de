#!/usr/bin/env python3
"""layers.py: which source files of generator/ and accessibility/ call or
include each other in a circle.

Calls are read from the objects `make build/sayso` left in build/obj (nm:
a symbol one object uses and another defines); includes from the sources
(#include "x.h" counts as a use of x.c's module).  Prints every group of
modules that reach each other (a circle), then the same between folders.
Usage: make build/sayso && python3 scripts/layers.py [-v]
"""
import os
import re
import subprocess
import sys
from collections import defaultdict

ROOTS = ("generator", "accessibility")
verbose = "-v" in sys.argv


def module_of(path):
    return os.path.splitext(path)[0]


def sources():
    for root in ROOTS:
        for d, _, files in os.walk(root):
            for f in files:
                if f.endswith((".c", ".h")):
                    yield os.path.join(d, f)


def call_edges():
    defined, used = {}, defaultdict(set)
    for d, _, files in os.walk("build/obj"):
        for f in files:
            if not f.endswith(".o"):
                continue
            obj = os.path.join(d, f)
            mod = module_of(os.path.relpath(obj, "build/obj"))
            if not mod.startswith(ROOTS):
                continue
            out = subprocess.run(["nm", obj], capture_output=True, text=True).stdout
            for line in out.splitlines():
                parts = line.split()
                if len(parts) == 2 and parts[0] == "U":
                    used[mod].add(parts[1])
                elif len(parts) == 3 and parts[1] in "TDBRC":
                    defined[parts[2]] = mod
    edges = defaultdict(set)
    for mod, syms in used.items():
        for s in syms:
            if s in defined and defined[s] != mod:
                edges[mod].add(defined[s])
    return edges


def include_edges():
    headers = {os.path.basename(p): module_of(p) for p in sources() if p.endswith(".h")}
    edges = defaultdict(set)
    for p in sources():
        mod = module_of(p)
        for name in re.findall(r'^#include "([^"]+)"', open(p, errors="replace").read(), re.M):
            target = headers.get(os.path.basename(name))
            if target and target != mod:
                edges[mod].add(target)
    return edges


def circles(edges):
    """Strongly connected components of more than one node (Tarjan)."""
    index, low, stack, on, out, n = {}, {}, [], set(), [], [0]
    nodes = set(edges) | {t for ts in edges.values() for t in ts}
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = n[0]
        n[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return out


def show(title, edges):
    found = circles(edges)
    print(f"{title}: {len(found)} circle(s)")
    for group in found:
        print("  " + " <-> ".join(group))
        for a in group:
            for b in sorted(edges[a]):
                if b in group:
                    print(f"    {a} -> {b}")
    return len(found)


calls, includes = call_edges(), include_edges()
both = defaultdict(set)
for e in (calls, includes):
    for a, bs in e.items():
        both[a] |= bs
folders = defaultdict(set)
for a, bs in both.items():
    for b in bs:
        if os.path.dirname(a) != os.path.dirname(b):
            folders[os.path.dirname(a)].add(os.path.dirname(b))
if verbose:
    for a in sorted(both):
        print(a, "->", " ".join(sorted(both[a])))
pairs = sorted((a, b) for a, bs in calls.items() for b in bs if a < b and a in calls.get(b, ()))
print(f"files that call each other: {len(pairs)}")
for a, b in pairs:
    print(f"  {a} <-> {b}")
bad = show("files (calls)", calls)
show("modules (calls and includes; a header without a .c is a module of its own)", both)
show("folders", folders)
sys.exit(1 if bad else 0)
