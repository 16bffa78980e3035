#!/usr/bin/env bash
# Time from exec to the "listening" log line, and RSS once listening, for a database.
# usage: docs/bench/start-time.sh DB [PORT]   (build first: swift build -c release --product livepet)
set -euo pipefail
db=${1:?database path}; port=${2:-4700}
bin=${LIVEPET_BIN:-.build/release/livepet}
log=$(mktemp)
start=$(date +%s%N)
"$bin" --db "$db" --port "$port" --motd-text "bench" --log-level debug >"$log" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 3000); do grep -q 'event=listening' "$log" && break; sleep 0.01; done
end=$(date +%s%N)
sleep 0.5
echo "listening_ms=$(( (end - start) / 1000000 )) rss_kb=$(awk '/VmRSS/ {print $2}' /proc/$pid/status) $(grep -o 'read_ms=[0-9]* build_ms=[0-9]*' "$log" || true)"
kill -TERM $pid; wait $pid || true
