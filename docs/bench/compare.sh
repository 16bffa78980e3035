#!/usr/bin/env bash
# Runs the livepet-bench scenarios against ngIRCd, InspIRCd and LivePet with the same
# parameters and prints a side-by-side markdown table. Loopback only; every server is
# started fresh for each scenario (foreground, our own pid/log files under $WORK) and
# stopped afterwards; every bench run is wrapped in `timeout`.
#
#   docs/bench/compare.sh                      # moderate sizes (about 10 minutes)
#   TARGETS="livepet" docs/bench/compare.sh    # one server
#   STORM_SIZES="1000" FANOUT_SIZES="100" ROOMS_DURATION=10 docs/bench/compare.sh   # quick
#   STORM_SETTLE=35 docs/bench/compare.sh      # also RSS per connection after 35 idle seconds
#   REPS=3 docs/bench/compare.sh               # each run three times: medians and ranges
#   TARGETS="livepet livepet-tls inspircd inspircd-tls" SCENARIOS="storm fanout" \
#     RATIOS="livepet-tls/livepet inspircd-tls/inspircd livepet-tls/inspircd-tls" docs/bench/compare.sh
#                                              # TLS beside clear (livepet-bench --tls)
#
# Targets: ngircd, inspircd, livepet, livepet-ws (the same LivePet, every client the web
# client's WebSocket: livepet-bench --websocket), and over TLS livepet-tls (the same server and port:
# LivePet recognises a ClientHello) and inspircd-tls (its ssl_gnutls module on a TLS-only
# port 6697, peers/inspircd-tls.conf, with a P-256 self-signed certificate made here).
#
# Runs are interleaved: each scenario is run on every target in turn before the next
# scenario (and, with REPS > 1, again with the targets in rotated order), so a noisy
# minute on a shared machine lands on every server instead of on one.
#
# Binaries: $BENCH and $LIVEPET, built from this checkout when missing.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${WORK:-/tmp/livepet-bench}
TARGETS=${TARGETS:-"ngircd inspircd livepet"}
STORM_SIZES=${STORM_SIZES:-"1000 5000"}
# ngIRCd listens with a backlog of 10, so more than ~8 connects in flight overflow its
# accept queue (SYN retries: 1 s, 3 s, ...). InspIRCd completes registrations on its
# once-a-second background tick, so its logins/s is about concurrency per second.
STORM_CONCURRENCY=${STORM_CONCURRENCY:-"8 512"}
# Whole seconds each storm holds its clients idle before sampling RSS again (livepet-bench
# --settle; 0 = off). LivePet returns freed memory (malloc_trim) in its housekeeping about
# every 30 s from its start, so 35 always includes one pass.
STORM_SETTLE=${STORM_SETTLE:-0}
FANOUT_SIZES=${FANOUT_SIZES:-"100 1000"}
FANOUT_DURATION=${FANOUT_DURATION:-10}
ROOMS_CLIENTS=${ROOMS_CLIENTS:-5000}
ROOMS_ROOMS=${ROOMS_ROOMS:-500}
ROOMS_DURATION=${ROOMS_DURATION:-30}
PASSWORD_CLIENTS=${PASSWORD_CLIENTS:-1000}
# Which scenarios run (password = the password-login storm, LivePet only).
SCENARIOS=${SCENARIOS:-"storm password fanout rooms"}
REPS=${REPS:-1}
BENCH=${BENCH:-$ROOT/.build-bench/release/livepet-bench}
LIVEPET=${LIVEPET:-$ROOT/.build-bench-server/release/livepet}

PORT_NGIRCD=6680  # the peers' ports are in their configs
PORT_INSPIRCD=6681
PORT_LIVEPET=${PORT_LIVEPET:-6682}  # callgrind.sh uses 6682 too: another port when one runs
PORT_INSPIRCD_TLS=6697

mkdir -p "$WORK"
chmod 1777 "$WORK"  # ngIRCd drops root for `nobody` and must write its pid file here
RESULTS="$WORK/results.jsonl"
: > "$RESULTS"
echo "InspIRCd bench peer" > "$WORK/inspircd.motd"
# The peer configs name /tmp/livepet-bench for their pid, log and MOTD files, whatever $WORK is.
mkdir -p /tmp/livepet-bench
chmod 1777 /tmp/livepet-bench
echo "InspIRCd bench peer" > /tmp/livepet-bench/inspircd.motd
if [[ " $TARGETS " == *" inspircd-tls "* && ! -s /tmp/livepet-bench/inspircd-tls.key ]]; then
    # The same kind of certificate LivePet makes for itself: P-256, self-signed.
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 -subj /CN=localhost \
        -keyout /tmp/livepet-bench/inspircd-tls.key -out /tmp/livepet-bench/inspircd-tls.crt 2> /dev/null
fi

if [[ ! -x $BENCH ]]; then
    (cd "$ROOT" && swift build -c release --scratch-path .build-bench --product livepet-bench) >&2
fi
if [[ ! -x $LIVEPET ]]; then
    (cd "$ROOT" && swift build -c release --scratch-path .build-bench-server --product livepet) >&2
fi

SERVER_PID=""

wait_port() {
    for _ in $(seq 1 100); do
        if ss -ltn "sport = :$1" | grep -q LISTEN; then return 0; fi
        sleep 0.1
    done
    echo "port $1 did not open" >&2
    return 1
}

start() {
    local target=$1
    TLS=()  # the bench's wire flag for the target: --tls or --websocket
    case $target in
        ngircd)
            (ulimit -n 20000; exec /usr/sbin/ngircd -n -f "$ROOT/docs/bench/peers/ngircd.conf") > "$WORK/ngircd.log" 2>&1 &
            SERVER_PID=$!; PORT=$PORT_NGIRCD; PROTO=irc; SETUP_CONCURRENCY=8 ;;
        inspircd)
            (ulimit -n 20000; exec /usr/sbin/inspircd --config="$ROOT/docs/bench/peers/inspircd.conf" --nofork --runasroot) > "$WORK/inspircd.out" 2>&1 &
            SERVER_PID=$!; PORT=$PORT_INSPIRCD; PROTO=irc; SETUP_CONCURRENCY=2000 ;;
        inspircd-tls)
            (ulimit -n 20000; exec /usr/sbin/inspircd --config="$ROOT/docs/bench/peers/inspircd-tls.conf" --nofork --runasroot) > "$WORK/inspircd.out" 2>&1 &
            SERVER_PID=$!; PORT=$PORT_INSPIRCD_TLS; PROTO=irc; SETUP_CONCURRENCY=2000; TLS=(--tls) ;;
        livepet | livepet-tls | livepet-ws)
            rm -f "$WORK"/livepet.sqlite*
            "$LIVEPET" seed --pets "$ROOMS_ROOMS" --users 1 --db "$WORK/livepet.sqlite" > /dev/null 2>&1
            (ulimit -n 20000; exec "$LIVEPET" --host 127.0.0.1 --port $PORT_LIVEPET --db "$WORK/livepet.sqlite" \
                --motd "$ROOT/motd.txt" --password-cost 1 --log-level warning \
                --max-per-address 0 --connect-rate 0 --command-rate 0 --chat-limit 0 \
                --accounts-per-address 0 --login-failures 0) > "$WORK/livepet.log" 2>&1 &
            SERVER_PID=$!; PORT=$PORT_LIVEPET; PROTO=livepet; SETUP_CONCURRENCY=256
            if [[ $target == livepet-tls ]]; then TLS=(--tls); fi
            if [[ $target == livepet-ws ]]; then TLS=(--websocket); fi ;;
    esac
    wait_port "$PORT"
}

stop() {
    if [[ -n $SERVER_PID ]]; then
        kill "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=""
    fi
}
trap stop EXIT

bench() {  # bench <seconds limit> <target> <args...>
    local limit=$1 target=$2
    shift 2
    echo "== $target: $*" >&2
    timeout "$limit" "$BENCH" "$@" "${TLS[@]}" --host 127.0.0.1 --port "$PORT" --protocol "$PROTO" \
        --label "$target" --server-pid "$SERVER_PID" 2> >(sed 's/^/   /' >&2) | tee -a "$WORK/bench.log" | grep '^{' >> "$RESULTS" || \
        echo "   (run failed or timed out)" >&2
}

# The targets in turn, starting one further along each repetition.
rotation() {  # rotation <rep>
    local -a list=($TARGETS)
    local n=${#list[@]} i
    for ((i = 0; i < n; i++)); do echo "${list[$(( (i + $1) % n ))]}"; done
}

runs() { [[ " $SCENARIOS " == *" $1 "* ]]; }

for ((rep = 0; rep < REPS; rep++)); do
    runs storm && for size in $STORM_SIZES; do
        for concurrency in $STORM_CONCURRENCY; do
            for target in $(rotation $rep); do
                start "$target"
                bench $((300 + STORM_SETTLE)) "$target" storm --clients "$size" --concurrency "$concurrency" --timeout 60 \
                    --settle "$STORM_SETTLE"
                stop
            done
        done
    done
    if runs password && [[ " $TARGETS " == *" livepet "* ]]; then
        target=livepet
        start "$target"
        bench 300 "$target" storm --password --clients "$PASSWORD_CLIENTS" --concurrency 256 --timeout 120
        stop
    fi
    runs fanout && for size in $FANOUT_SIZES; do
        for target in $(rotation $rep); do
            start "$target"
            bench 300 "$target" fanout --clients "$size" --concurrency "$SETUP_CONCURRENCY" --duration "$FANOUT_DURATION" --timeout 120
            stop
        done
    done
    runs rooms && for target in $(rotation $rep); do
        start "$target"
        bench 400 "$target" rooms --clients "$ROOMS_CLIENTS" --rooms "$ROOMS_ROOMS" --concurrency "$SETUP_CONCURRENCY" \
            --duration "$ROOMS_DURATION" --timeout 120
        stop
    done
done

RATIOS=${RATIOS:-} python3 "$ROOT/docs/bench/table.py" "$RESULTS"
