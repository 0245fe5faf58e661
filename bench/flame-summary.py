#!/usr/bin/env python3
"""Summarises JFR CPU samples like a flame graph read from the top: which frames the CPU was in
(self), and which code was on the stack (inclusive), as shares of all samples. Input: the text of
`jfr print --stack-depth 96 --events jdk.ExecutionSample FILE`. Used by bench/run-all
(BENCH_PROFILE=1); prints Markdown."""
import re
import sys
from collections import Counter

FRAME = re.compile(r"^\s+([\w$.<>/\[\]-]+)\(.*\)\s+line:")
GROUPS = [  # inclusive: a sample counts for every group with a frame on its stack
    ("Jackson (JSON parse/write)", "com.fasterxml.jackson."),
    ("Healthgate proxy (journey, relay)", "io.healthgate.proxy."),
    ("Healthgate providers (shaping, classifying, SSE)", "io.healthgate.providers."),
    ("Healthgate api (front doors, auth)", "io.healthgate.api."),
    ("Healthgate routing", "io.healthgate.routing."),
    ("Healthgate health", "io.healthgate.health."),
    ("Micrometer (metrics)", "io.micrometer."),
    ("Logback/SLF4J", "ch.qos.logback."),
    ("Vert.x", "io.vertx."),
    ("Netty", "io.netty."),
]


def samples(lines):
    stack, inside = [], False
    for line in lines:
        if line.startswith("jdk.ExecutionSample"):
            stack, inside = [], True
        elif inside and line.startswith("}"):
            inside = False
            if stack:
                yield stack
        else:
            m = FRAME.match(line)
            if inside and m:
                stack.append(m.group(1))


def main():
    selfc, incl, groups, n = Counter(), Counter(), Counter(), 0
    for stack in samples(open(sys.argv[1], encoding="utf-8", errors="replace")):
        n += 1
        selfc[stack[0]] += 1
        for f in set(stack):
            if f.startswith("io.healthgate."):
                incl[f] += 1
        for name, prefix in GROUPS:
            if any(f.startswith(prefix) for f in stack):
                groups[name] += 1
    if n == 0:
        print("no CPU samples")
        return
    pct = lambda c: "%.1f%%" % (100.0 * c / n)
    print(f"{n} CPU samples (jdk.ExecutionSample, JFR profile settings).\n")
    print("| code on the stack (inclusive) | share |\n|---|---|")
    for name, _ in GROUPS:
        print(f"| {name} | {pct(groups[name])} |")
    print("\n| top frames (self) | share |\n|---|---|")
    for f, c in selfc.most_common(15):
        print(f"| `{f}` | {pct(c)} |")
    print("\n| top Healthgate methods (inclusive) | share |\n|---|---|")
    for f, c in incl.most_common(12):
        print(f"| `{f}` | {pct(c)} |")


main()
