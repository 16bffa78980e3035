#!/usr/bin/env bash
# The `ticks` and `checkpoint` scenarios: a world of a million pets under load.
#   ticks:      10,000 clients visiting 1,000 pets (10 each), a tick every 5 s, a line a
#               minute from each client; reports the server's CPU share.
#   checkpoint: the `rooms` load (5,000 clients, 500 pets, a line a second each) while
#               every checkpoint rewrites all million pets (LIVEPET_BENCH_FULL_CHECKPOINT=1,
#               a benchmark-only switch), every 10 s; reports p99 and checkpoint times.
# usage: docs/bench/world-load.sh ticks|checkpoint   (build first: swift build -c release)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
scenario=${1:?ticks or checkpoint}
WORK=${WORK:-/tmp/livepet-world}
BIN=${LIVEPET:-$ROOT/.build/release/livepet}
BENCH=${BENCH:-$ROOT/.build/release/livepet-bench}
PORT=${PORT:-6710}
mkdir -p "$WORK"
if [[ ! -f $WORK/big.sqlite ]]; then
    "$BIN" seed --pets 1000000 --users 10000 --db "$WORK/big.sqlite" --password-cost 1 >/dev/null 2>&1
fi
rm -f "$WORK"/run.sqlite*
cp "$WORK/big.sqlite" "$WORK/run.sqlite"
limits=(--max-per-address 0 --connect-rate 0 --command-rate 0 --chat-limit 0 --accounts-per-address 0 --login-failures 0)
extra=()
env_vars=()
if [[ $scenario == checkpoint ]]; then
    extra=(--checkpoint 10)
    env_vars=(LIVEPET_BENCH_FULL_CHECKPOINT=1)
fi
(ulimit -n 20000; exec env "${env_vars[@]}" "$BIN" --host 127.0.0.1 --port "$PORT" --db "$WORK/run.sqlite" \
    --motd-text bench "${limits[@]}" "${extra[@]}") > "$WORK/server.log" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do grep -q 'event=listening' "$WORK/server.log" && break; sleep 0.05; done
case $scenario in
    ticks)
        timeout 300 "$BENCH" rooms --host 127.0.0.1 --port "$PORT" --protocol livepet --clients 10000 --rooms 1000 \
            --rate 0.0167 --duration 30 --concurrency 512 --timeout 200 --server-pid "$pid" --label livepet-ticks ;;
    checkpoint)
        timeout 300 "$BENCH" rooms --host 127.0.0.1 --port "$PORT" --protocol livepet --clients 5000 --rooms 500 \
            --rate 1 --duration 30 --concurrency 512 --timeout 200 --server-pid "$pid" --label livepet-checkpoint
        grep 'event=checkpoint' "$WORK/server.log" | sed 's/^/server: /' ;;
esac
