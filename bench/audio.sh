#!/bin/sh
# bench/audio.sh: what `audio: generate` costs, in one run (issue 20).
#
#   sh bench/audio.sh [path/to/sayso]      (bench/run.sh runs it last)
#
# Builds the example site cold twice, without and with `audio: generate`,
# and prints both times, the difference, and how many seconds of speech
# sayso made per second of CPU (espeak-ng speaking, libopusenc encoding).
# Then edits one page and rebuilds: only that page's audio is made again.
set -eu

SAYSO=${1:-build/sayso}
DIR=${BENCH_DIR:-build/bench}/audio
JOBS=${BENCH_JOBS:-$(nproc)}
NOW=2026-11-23
HERE=$(cd "$(dirname "$0")" && pwd)
[ -x "$SAYSO" ] || { echo "bench: no sayso at $SAYSO: run make first" >&2; exit 2; }
SAYSO=$(cd "$(dirname "$SAYSO")" && pwd)/$(basename "$SAYSO")
export SAYSO_DATADIR="${SAYSO_DATADIR:-$(cd "$HERE/.." && pwd)}"

rm -rf "$DIR"
mkdir -p "$DIR"
cp -R "$HERE/../content" "$DIR/silent"
cp -R "$HERE/../content" "$DIR/spoken"
# optional: the example's Urdu pages have no espeak-ng voice sayso uses,
# and are published without audio (with a warning) rather than failing.
printf 'audio: optional\n' >>"$DIR/spoken/site.yml"
sleep 1          # sayso trusts a file's stat once it is a second old

timed() {   # timed NAME COMMAND...: "wall user system" in $DIR/NAME.time
    name=$1
    shift
    if ! /usr/bin/time -f '%e %U %S' -o "$DIR/$name.time" "$@" >>"$DIR/log" 2>&1; then
        echo "bench: audio '$name' failed (see $DIR/log)" >&2
        exit 1
    fi
}
timed silent "$SAYSO" build "$DIR/silent" -o "$DIR/silent-public" --now "$NOW" -j "$JOBS"
timed spoken "$SAYSO" build "$DIR/spoken" -o "$DIR/spoken-public" --now "$NOW" -j "$JOBS"
printf '\nWe added this sentence to time a rebuild after one change.\n' \
    >>"$DIR/spoken/consultations/evening-buses/index.md"
sleep 1
timed onepage "$SAYSO" build "$DIR/spoken" -o "$DIR/spoken-public" --now "$NOW" -j "$JOBS" --verbose

python3 - "$DIR" "$JOBS" <<'PY'
import glob, os, sys
d, jobs = sys.argv[1], sys.argv[2]
def times(name):
    wall, user, sys_ = map(float, open(f"{d}/{name}.time").read().split()[-3:])
    return wall, user + sys_
def opus_seconds(path):
    data = open(path, "rb").read()
    head = 27 + data[26]
    assert data[head:head + 8] == b"OpusHead", path
    pre_skip = int.from_bytes(data[head + 10:head + 12], "little")
    last = data.rfind(b"OggS")
    return (int.from_bytes(data[last + 6:last + 14], "little") - pre_skip) / 48000
files = glob.glob(f"{d}/spoken-public/**/listen.ogg", recursive=True)
speech = sum(opus_seconds(f) for f in files)
size = sum(os.path.getsize(f) for f in files)
(sw, sc), (aw, ac), (ow, oc) = times("silent"), times("spoken"), times("onepage")
extra = max(ac - sc, 1e-3)
made = [l for l in open(f"{d}/log") if "audio files spoken" in l]
print(f"\naudio: the example site, cold, {jobs} jobs (wall s / CPU s)")
print(f"  without audio              {sw:7.2f} s  {sc:7.2f} CPU s")
print(f"  with audio: generate       {aw:7.2f} s  {ac:7.2f} CPU s   {len(files)} files, {speech / 60:.1f} min of speech, {size / 1024:.0f} KB")
print(f"  cost of the audio          {aw - sw:7.2f} s  {extra:7.2f} CPU s   {speech / extra:.0f} s of speech per CPU s")
print(f"  rebuild after one edit     {ow:7.2f} s  {oc:7.2f} CPU s   {made[-1].split('sayso: ')[-1].strip() if made else ''}")
PY
