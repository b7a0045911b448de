#!/bin/sh
# Runs every unit test binary, then one build of the example site, under
# valgrind's memcheck.  Fails on any memory error or definite leak.
# usage: valgrind.sh SAYSO TEST-BINARY...
#
# The sanitizer run (make test) covers the same code faster; memcheck is
# here because it also sees the libraries (libxml2, cmark-gfm, libyaml,
# Lua, libtidy) as they are installed, uninstrumented.  Child processes
# (test_bad_input runs sayso itself) are not traced: they run under ASan
# in the sanitizer pass.
sayso=$1; shift
if ! command -v valgrind >/dev/null 2>&1; then
    echo "valgrind: not installed, skipped (apt-get install valgrind)"
    exit 0
fi
# valgrind.supp: reports from inside libopusenc and libespeak-ng (see there).
vg="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite --suppressions=$(dirname "$0")/valgrind.supp"
log=$(mktemp -d /tmp/sayso-valgrind-XXXXXX)
failed=0; passed=0
check() {   # name, then the command
    name=$1; shift
    if $vg --log-file="$log/$name.log" "$@" >"$log/$name.out" 2>&1; then
        passed=$((passed + 1))
    else
        rc=$?
        failed=$((failed + 1))
        echo "valgrind: $name failed (exit $rc)"
        cat "$log/$name.log"; tail -20 "$log/$name.out"
    fi
}
for t in "$@"; do
    check "$(basename "$t")" "$t"
done
check "sayso-build-content" "$sayso" build content -o "$log/site" --now 2026-11-23 -q
echo "valgrind: $passed passed, $failed failed"
rm -rf "$log"
[ $failed -eq 0 ]
