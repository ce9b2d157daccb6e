#!/usr/bin/python3
# Reads meson's testlog.json and prints the names of the tests that failed
# only because LeakSanitizer's tracer crashed, space-separated, when every
# failed test failed so; nothing when any failed otherwise (see
# run-sanitized-tests.sh).
import json
import sys

CRASH = "LeakSanitizer has encountered a fatal error"
# what a test that really failed shows; none of these may be there
REAL = ("ERROR: LeakSanitizer: detected memory leaks", "ERROR: AddressSanitizer",
        "runtime error:", "Bail out!", "not ok ")

names = []
with open(sys.argv[1], encoding="utf-8") as log:
    for line in log:
        test = json.loads(line)
        if test.get("result") in ("OK", "SKIP", "EXPECTEDFAIL"):
            continue
        output = (test.get("stdout") or "") + (test.get("stderr") or "")
        if CRASH not in output or any(real in output for real in REAL):
            sys.exit(0)
        names.append(test["name"].split(" / ")[-1])
print(" ".join(names))
