#!/usr/bin/env python3
# Prints build/bench-results.json as the Markdown table the README shows.
import json
import sys

path = sys.argv[1] if len(sys.argv) > 1 else "build/bench-results.json"
rows = json.load(open(path))
print("| figure | measured | target | met | note |")
print("|---|---|---|---|---|")
for r in rows:
    value = "—" if r["value"] is None else "%.2f %s" % (r["value"], r["unit"])
    print("| %s | %s | %s | %s | %s |" % (r["name"], value, r["target"],
                                         "yes" if r["met"] else "**no**", r.get("note", "")))
