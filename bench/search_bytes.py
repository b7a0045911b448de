#!/usr/bin/env python3
"""bench/search_bytes.py: the bytes a phone fetches to answer a query from
the static search index of a built site (generator/render/search_index.h).

    python3 bench/search_bytes.py PUBLIC_DIR

For queries a resident might type (one and two words taken from the
consultations' titles, so they find something), adds up what search.js
fetches: meta.json, the term file of each word, and the record chunks of
the first 20 results, ranked as search.js ranks them.  Prints the median,
90th percentile and largest, uncompressed (a server's gzip makes them
smaller still).
"""
import json
import os
import random
import re
import sys

SHOWN = 20
WEIGHTS = [(8, 16), (4, 6), (2, 3), (1, 1)]


def shard(word):
    return "".join("%02x" % b for b in "".join(list(word)[:3]).encode("utf-8"))


def main():
    out = sys.argv[1]
    idx = os.path.join(out, "search")
    meta_path = os.path.join(idx, "meta.json")
    meta = json.load(open(meta_path))
    data = json.load(open(os.path.join(out, "consultations.json")))
    words = []
    for c in data["consultations"]:
        words += [w for w in re.split(r"[^a-z0-9]+", c["title"].lower()) if len(w) >= 3]
    rng = random.Random(1)
    queries = [[rng.choice(words)] for _ in range(60)] + [[rng.choice(words), rng.choice(words)] for _ in range(40)]

    sizes = []
    for q in queries:
        fetched = os.path.getsize(meta_path)
        found = []
        for w in q:
            path = os.path.join(idx, "terms", shard(w) + ".json")
            if not os.path.exists(path):
                found.append({})
                continue
            fetched += os.path.getsize(path)
            terms = json.load(open(path))
            f = {}
            for t, postings in terms.items():
                if not t.startswith(w):
                    continue
                pack = 0
                for v in postings:
                    pack += v // 16
                    s = max([x[1] for x in WEIGHTS if (v % 16) & x[0]] or [0]) * (2 if t == w else 1)
                    f[pack] = max(f.get(pack, 0), s)
            found.append(f)
        hits = [(sum(f[p] for f in found), p) for p in found[0] if all(p in f for f in found)]
        hits.sort(key=lambda h: (-h[0], h[1]))
        for k in {p // meta["chunk"] for _, p in hits[:SHOWN]}:
            fetched += os.path.getsize(os.path.join(idx, "packs", "%d.json" % k))
        sizes.append(fetched)
    sizes.sort()
    kb = lambda n: "%.1f KB" % (n / 1024)
    print("search: %d packs, %d queries: median %s, 90th percentile %s, largest %s fetched (target < 150 KB)"
          % (meta["packs"], len(sizes), kb(sizes[len(sizes) // 2]), kb(sizes[len(sizes) * 9 // 10]), kb(sizes[-1])))


if __name__ == "__main__":
    main()
