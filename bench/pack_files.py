#!/usr/bin/env python3
"""Adds the files a benchmark corpus links to but corpus.py does not write.

corpus.py's packs link to maps (![...](map-3.png)) that are not in the
pack, and sayso rightly refuses a link to a missing file, so every build
would fail.  This writes a tiny valid PNG for each one, so the benchmark
times a build that succeeds (and copies those files, as a real one would).

  pack_files.py SITE_DIR
"""
import os, re, sys

# A 1x1 transparent PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc33000000"
    "0049454e44ae426082")

def main():
    site = sys.argv[1]
    packs = os.path.join(site, "consultations")
    written = 0
    for slug in sorted(os.listdir(packs)):
        index = os.path.join(packs, slug, "index.md")
        if not os.path.isfile(index):
            continue
        with open(index, encoding="utf-8") as f:
            names = set(re.findall(r"\]\(([\w.-]+\.png)\)", f.read()))
        for name in names:
            path = os.path.join(packs, slug, name)
            if not os.path.exists(path):
                with open(path, "wb") as f:
                    f.write(PNG)
                written += 1
    print(f"added {written} linked files")

if __name__ == "__main__":
    main()
