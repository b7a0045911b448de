#!/bin/sh
# Runs cmocka test binaries and prints one total for all of them.
# usage: run-unit.sh LABEL BINARY...
label=$1; shift
# Tests that run the command itself use the sayso built beside them.
SAYSO_BIN=${SAYSO_BIN:-$label/sayso}
export SAYSO_BIN
passed=0; failed=0; status=0
for t in "$@"; do
    out=$("$t" 2>&1); rc=$?
    printf '%s\n' "$out"
    p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
    f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
    if [ $rc -ne 0 ]; then
        status=1
        # A crash prints no FAILED line: count the binary as one failure.
        [ -z "$f" ] && failed=$((failed + 1)) && echo "$t: exited with status $rc"
    fi
done
echo "$label: $passed passed, $failed failed"
exit $status
