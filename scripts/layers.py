#!/usr/bin/env python3
"""layers.py: whether the source files of generator/ and accessibility/
keep to the pipeline's order, with no circles.

Calls are read from the objects `make build/sayso` left in build/obj (nm:
a symbol one object uses and another defines); includes from the sources
(#include "x.h" counts as a use of x's module).  Each of these is an error
(exit status 1), so `make test` runs it:

- files that call each other in a circle;
- modules that call or include each other in a circle.  A module is a
  header and the .c of the same name, with its parts: X_internal.h is X's
  private header (as is a header whose first line says "Internal." of the
  module named like its folder: wcag_rules.h of wcag), and a file beside it
  that includes it is a part of X; a .c with no header of its own is a part
  of the module whose header, beside it, declares what it defines
  (css_color.c defines css.h's colour maths);
- a folder that includes or calls a folder above it in ORDER (an arrow
  back up the pipeline), named with the file and the symbol or #include.
Usage: make build/sayso && python3 scripts/layers.py [-v]
"""
import os
import re
import subprocess
import sys
from collections import defaultdict

ROOTS = ("generator", "accessibility")

# The pipeline, lowest first.  A folder may include and call only itself
# and folders before it; folders in one tuple are peers and use neither.
ORDER = [
    "generator/base",          # helpers every stage uses, language tags
    "generator/text",          # reading files as text: encodings, YAML with lines, Markdown files
    "generator/source",        # loading site.yml, packs, pages, translations
    "generator/languages",     # the theme's words in each language
    "generator/hooks",         # the Lua hooks
    "generator/follow",        # feeds, calendars, open data, search, schema.org
    "generator/render",        # the theme and the pages, as DOM documents
    "generator/audio",         # speech and media for rendered pages
    "accessibility",           # findings, tidy validation
    "accessibility/css",
    ("accessibility/wcag", "accessibility/writing"),
    "accessibility/report",    # checking each page, the reports
    "generator/publish",       # the build cache, the stamp, the output swap
    "generator",               # build.c: the pipeline itself
    "generator/serve",
    "generator/cli",
]
RANK = {f: i for i, tier in enumerate(ORDER) for f in ((tier,) if isinstance(tier, str) else tier)}
verbose = "-v" in sys.argv


def stem(path):
    return os.path.splitext(path)[0]


def sources():
    for root in ROOTS:
        for d, _, files in os.walk(root):
            for f in sorted(files):
                if f.endswith((".c", ".h")):
                    yield os.path.join(d, f)


SOURCES = sorted(sources())
TEXT = {p: open(p, errors="replace").read() for p in SOURCES}
INCLUDES = {p: re.findall(r'^\s*#\s*include "([^"]+)"', TEXT[p], re.M) for p in SOURCES}
HEADERS = {os.path.basename(p): p for p in SOURCES if p.endswith(".h")}


def read_objects():
    """Symbols each object defines and uses; objects without a source
    (left by a file since moved) are skipped."""
    objs = [os.path.join("build/obj", stem(p) + ".o") for p in SOURCES if p.endswith(".c")]
    objs = [o for o in objs if os.path.exists(o)]
    defines, uses = defaultdict(set), defaultdict(set)
    out = subprocess.run(["nm", "-A", *objs], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        obj, _, rest = line.partition(":")
        parts = rest.split()
        src = stem(os.path.relpath(obj, "build/obj")) + ".c"
        if len(parts) == 2 and parts[0] == "U":
            uses[src].add(parts[1])
        elif len(parts) == 3 and parts[1] in "TDBRC":
            defines[src].add(parts[2])
    return defines, uses


DEFINES, USES = read_objects()


def module_map():
    """The module each source file belongs to (see the docstring)."""
    owner = {}
    for p in SOURCES:
        m = re.match(r"(.*)_internal\.h$", p)
        folder = os.path.dirname(p)
        if m:
            private_to = m.group(1)
        elif p.endswith(".h") and "Internal." in TEXT[p].split("\n", 1)[0]:
            private_to = os.path.join(folder, os.path.basename(folder))
        else:
            continue
        owner[stem(p)] = private_to
        for q in SOURCES:
            if q != p and os.path.dirname(q) == folder and os.path.basename(p) in INCLUDES[q]:
                owner.setdefault(stem(q), private_to)
    for p in SOURCES:
        if not p.endswith(".c") or os.path.exists(stem(p) + ".h") or stem(p) in owner:
            continue
        for name in INCLUDES[p]:
            h = os.path.join(os.path.dirname(p), name)
            if h in TEXT and any(re.search(r"\b%s\b" % re.escape(s), TEXT[h]) for s in DEFINES[p]):
                owner[stem(p)] = stem(h)
                break

    def module(path):
        s = stem(path)
        while s in owner and owner[s] != s:
            s = owner[s]
        return s
    return {p: module(p) for p in SOURCES}


MODULE = module_map()


def edges():
    """(from file, to file, why) for every call and include between files."""
    defined_in = {s: src for src, syms in DEFINES.items() for s in syms}
    out = []
    for src, syms in USES.items():
        for s in sorted(syms):
            if s in defined_in and defined_in[s] != src:
                out.append((src, defined_in[s], "calls " + s))
    for p in SOURCES:
        for name in INCLUDES[p]:
            target = HEADERS.get(os.path.basename(name))
            if target and target != p:
                out.append((p, target, f'#include "{name}"'))
    return out


def circles(graph):
    """Strongly connected components of more than one node (Tarjan)."""
    index, low, stack, on, out, n = {}, {}, [], set(), [], [0]
    nodes = set(graph) | {t for ts in graph.values() for t in ts}
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = n[0]
        n[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
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


def show_circles(title, graph):
    found = circles(graph)
    print(f"{title}: {len(found)} circle(s)")
    for group in found:
        print("  " + " <-> ".join(group))
        for a in group:
            for b in sorted(graph[a]):
                if b in group:
                    print(f"    {a} -> {b}")
    return len(found)


ALL = edges()
calls, modules = defaultdict(set), defaultdict(set)
for a, b, why in ALL:
    if why.startswith("calls "):
        calls[stem(a)].add(stem(b))
    if MODULE[a] != MODULE[b]:
        modules[MODULE[a]].add(MODULE[b])
if verbose:
    for a in sorted(modules):
        print(a, "->", " ".join(sorted(modules[a])))

errors = show_circles("files (calls)", calls)
errors += show_circles("modules (calls and includes)", modules)

folders = sorted({os.path.dirname(p) for p in SOURCES})
unplaced = [f for f in folders if f not in RANK]
for f in unplaced:
    print(f"error: {f}/ has no place in ORDER (scripts/layers.py)")
errors += len(unplaced)
back = defaultdict(list)
for a, b, why in ALL:
    fa, fb = os.path.dirname(a), os.path.dirname(b)
    if fa != fb and fa in RANK and fb in RANK and RANK[fa] <= RANK[fb]:
        back[(fa, fb)].append(f"{a} {why} ({b})")
print(f"folders: {len(back)} arrow(s) back up the pipeline")
for (fa, fb), whys in sorted(back.items()):
    peers = " (peers: neither uses the other)" if RANK[fa] == RANK[fb] else ""
    print(f"error: {fa}/ uses {fb}/, which comes after it in ORDER{peers}")
    for w in sorted(whys):
        print("    " + w)
errors += len(back)
sys.exit(1 if errors else 0)
