#!/usr/bin/env python3
"""Turns livepet-bench JSON lines into a side-by-side markdown table (one column per target).

Ratio columns: livepet ÷ each other target, or the pairs RATIOS names ("a/b c/d": a ÷ b).
"""
import json
import os
import statistics
import sys

METRICS = {
    "storm": ["logged_in", "logins_per_s", "login_p50_ms", "login_p99_ms", "rss_per_conn_kib",
              "rss_per_conn_settled_kib", "server_cpu_s_incl_drain", "rx_mib", "drain_s"],
    "storm-create": ["logged_in", "logins_per_s", "login_p50_ms", "login_p99_ms"],
    "storm-password": ["logged_in", "logins_per_s", "login_p50_ms", "login_p99_ms", "rss_per_conn_kib"],
    "fanout": ["delivered_per_s", "p50_ms", "p99_ms", "max_ms", "server_cpu_pct",
               "server_cpu_us_per_line", "lost", "disconnected"],
    "rooms": ["delivered_per_s", "p50_ms", "p99_ms", "max_ms", "server_cpu_pct",
              "server_cpu_us_per_line", "lost", "room_leaks", "disconnected"],
}
KEYS = {
    "storm": ["clients", "concurrency"], "storm-create": ["clients", "concurrency"],
    "storm-password": ["clients", "concurrency"], "fanout": ["members"], "rooms": ["clients", "rooms"],
}


def fmt(value):
    if isinstance(value, float) and value.is_integer() and abs(value) >= 10:
        value = int(value)
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 10 else f"{value:,.0f}" if abs(value) >= 1000 else f"{value:,.1f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def cell(values):
    """One run: its value. Several: the median, then the range."""
    if not values:
        return "n/a", None
    if not all(isinstance(v, (int, float)) for v in values):
        return " / ".join(str(v) for v in values), None
    med = statistics.median(values)
    if all(isinstance(v, int) for v in values) and float(med).is_integer():
        med = int(med)
    if len(values) == 1:
        return fmt(values[0]), med
    return f"{fmt(med)} ({fmt(min(values))}–{fmt(max(values))})", med


def main(path):
    rows = [json.loads(line) for line in open(path) if line.startswith("{")]
    targets = []
    for row in rows:
        if row["target"] not in targets:
            targets.append(row["target"])
    groups = {}
    for row in rows:
        scenario = row["scenario"]
        key = (scenario,) + tuple(f"{k}={row.get(k)}" for k in KEYS.get(scenario, []))
        groups.setdefault(key, {}).setdefault(row["target"], []).append(row)
    # LivePet against each peer, as a ratio of medians (below 1: LivePet is lower).
    pairs = [tuple(p.split("/", 1)) for p in os.environ.get("RATIOS", "").split() if "/" in p]
    if not pairs and "livepet" in targets:
        pairs = [("livepet", t) for t in targets if t != "livepet"]
    runs = max(len(v) for by_target in groups.values() for v in by_target.values()) if groups else 0
    if runs > 1:
        print(f"Median of up to {runs} interleaved runs per cell, range in brackets.\n")
    header = "| scenario | metric | " + " | ".join(targets) + " |" + "".join(f" {a} ÷ {b} |" for a, b in pairs)
    print(header)
    print("|---|---|" + "---|" * (len(targets) + len(pairs)))
    for key, by_target in groups.items():
        label = key[0] + " " + " ".join(key[1:])
        for metric in METRICS.get(key[0], []):
            values = {t: [r[metric] for r in by_target.get(t, []) if r.get(metric) is not None] for t in targets}
            if not any(values.values()):
                continue  # not measured in this run (e.g. no --settle)
            cells, medians = [], {}
            for target in targets:
                text, medians[target] = cell(values[target])
                cells.append(text)
            ratios = []
            for numerator, denominator in pairs:
                a, b = medians.get(numerator), medians.get(denominator)
                ratios.append(f"{a / b:.2f}" if a is not None and b else "")
            print(f"| {label} | {metric} | " + " | ".join(cells) + " |" + "".join(f" {r} |" for r in ratios))
            label = ""


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/livepet-bench/results.jsonl")
