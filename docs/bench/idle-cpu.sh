#!/usr/bin/env bash
# CPU share of one core used by an idle server (no clients) over SECONDS, at a given tick.
# usage: docs/bench/idle-cpu.sh DB SECONDS TICK [PORT]
set -euo pipefail
db=${1:?database path}; seconds=${2:-30}; tick=${3:-5}; port=${4:-4701}
bin=${LIVEPET_BIN:-.build/release/livepet}
log=$(mktemp)
"$bin" --db "$db" --port "$port" --tick "$tick" --motd-text "bench" >"$log" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 3000); do grep -q 'event=listening' "$log" && break; sleep 0.01; done
sleep 1
cpu() { awk '{print $14 + $15}' /proc/$pid/stat; }
t0=$(cpu); s0=$(date +%s%N)
sleep "$seconds"
t1=$(cpu); s1=$(date +%s%N)
hz=$(getconf CLK_TCK)
awk -v t=$((t1 - t0)) -v hz="$hz" -v ns=$((s1 - s0)) -v tick="$tick" \
    'BEGIN { printf "tick=%ss cpu_percent_of_one_core=%.3f over %.1f s\n", tick, 100 * t / hz / (ns / 1e9), ns / 1e9 }'
