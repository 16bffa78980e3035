#!/usr/bin/env python3
"""Turns livepet-bench JSON lines into a side-by-side markdown table (one column per target)."""
import json
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
        groups.setdefault(key, {})[row["target"]] = row
    print("| scenario | metric | " + " | ".join(targets) + " |")
    print("|---|---|" + "---|" * len(targets))
    for key, by_target in groups.items():
        label = key[0] + " " + " ".join(key[1:])
        for metric in METRICS.get(key[0], []):
            if all(by_target.get(target, {}).get(metric) is None for target in targets):
                continue  # not measured in this run (e.g. no --settle)
            cells = []
            for target in targets:
                value = by_target.get(target, {}).get(metric)
                cells.append("n/a" if value is None else f"{value:,}" if isinstance(value, (int, float)) else str(value))
            print(f"| {label} | {metric} | " + " | ".join(cells) + " |")
            label = ""


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/livepet-bench/results.jsonl")
