#!/usr/bin/env bash
# Counts the instructions a server executes per delivered line, under Valgrind's callgrind,
# for one livepet-bench scenario. Only the measured phase is counted: instrumentation starts
# off, is switched on when the bench announces its load and off when it reports.
#
#   docs/bench/callgrind.sh livepet rooms --clients 500 --rooms 50 --duration 20
#   docs/bench/callgrind.sh inspircd rooms --clients 500 --rooms 50 --duration 20
#   docs/bench/callgrind.sh livepet fanout --clients 100 --duration 10
#   docs/bench/callgrind.sh livepet fanout --clients 100 --duration 10 --tls   # bench options pass through
#   PORT_LIVEPET=6692 docs/bench/callgrind.sh livepet fanout --clients 100 --duration 10 --websocket
#   docs/bench/callgrind.sh inspircd-tls fanout --clients 100 --duration 10 --tls   # its TLS port 6697
#   callgrind_annotate --inclusive=yes $WORK/livepet-rooms.callgrind | less
#
# Instruction counts are user space only (no kernel) and, unlike times on a shared VM,
# repeat to within a few per cent. Under callgrind the server runs ~50x slower and on one
# thread at a time, so keep loads small (500 clients at one line a second is fine; 5,000
# saturates it) and compare servers at the same load. A slower server coalesces more
# lines per write, so compare instructions per line, not writes.
#
# Needs valgrind (apt-get install -y valgrind). Binaries: $BENCH and $LIVEPET, built from
# this checkout when missing. Loopback only.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${WORK:-/tmp/livepet-callgrind}
BENCH=${BENCH:-$ROOT/.build/release/livepet-bench}
LIVEPET=${LIVEPET:-$ROOT/.build/release/livepet}
# ngIRCd is left out: it drops root for `nobody`, and callgrind_control then cannot reach
# it (the vgdb pipe belongs to the other user).
PORT_LIVEPET=${PORT_LIVEPET:-6682}  # another port when compare.sh (or another callgrind run) holds 6682
TARGET=${1:?target: livepet, inspircd or inspircd-tls}
SCENARIO=${2:?scenario: fanout or rooms}
shift 2

if [[ ! -x $BENCH || ! -x $LIVEPET ]]; then
    (cd "$ROOT" && swift build -c release) >&2
fi
mkdir -p "$WORK" /tmp/livepet-bench
chmod 1777 "$WORK" /tmp/livepet-bench
echo "InspIRCd bench peer" > /tmp/livepet-bench/inspircd.motd
if [[ $TARGET == inspircd-tls && ! -s /tmp/livepet-bench/inspircd-tls.key ]]; then
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 -subj /CN=localhost \
        -keyout /tmp/livepet-bench/inspircd-tls.key -out /tmp/livepet-bench/inspircd-tls.crt 2> /dev/null
fi
OUT="$WORK/$TARGET-$SCENARIO.callgrind"
REPORT="$WORK/$TARGET-$SCENARIO.json"
rm -f "$OUT" "$REPORT"
VALGRIND=(valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$OUT")

case $TARGET in
    inspircd)
        (ulimit -n 20000; exec "${VALGRIND[@]}" /usr/sbin/inspircd --config="$ROOT/docs/bench/peers/inspircd.conf" --nofork --runasroot) > "$WORK/server.log" 2>&1 &
        PID=$!; PORT=6681; PROTO=irc ;;
    inspircd-tls)
        (ulimit -n 20000; exec "${VALGRIND[@]}" /usr/sbin/inspircd --config="$ROOT/docs/bench/peers/inspircd-tls.conf" --nofork --runasroot) > "$WORK/server.log" 2>&1 &
        PID=$!; PORT=6697; PROTO=irc ;;
    livepet)
        rm -f "$WORK"/livepet.sqlite*
        "$LIVEPET" seed --pets 500 --users 1 --db "$WORK/livepet.sqlite" > /dev/null 2>&1
        (ulimit -n 20000; exec "${VALGRIND[@]}" "$LIVEPET" --host 127.0.0.1 --port "$PORT_LIVEPET" --db "$WORK/livepet.sqlite" \
            --motd "$ROOT/motd.txt" --password-cost 1 --log-level warning \
            --max-per-address 0 --connect-rate 0 --command-rate 0 --chat-limit 0 \
            --accounts-per-address 0 --login-failures 0) > "$WORK/server.log" 2>&1 &
        PID=$!; PORT=$PORT_LIVEPET; PROTO=livepet ;;
    *) echo "unknown target $TARGET" >&2; exit 2 ;;
esac
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
    ss -ltn "sport = :$PORT" | grep -q LISTEN && break
    sleep 0.1
done

# The bench's progress lines say when the load starts ("fanning out", "talking in") and
# its report starts with "== scenario ==".
"$BENCH" "$SCENARIO" "$@" --host 127.0.0.1 --port "$PORT" --protocol "$PROTO" --label "$TARGET" \
    --server-pid "$PID" --timeout 300 2>&1 | while IFS= read -r line; do
    case $line in
        *"fanning out"* | *"talking in"*) callgrind_control -i on "$PID" > /dev/null ;;
        "== "*) callgrind_control -i off "$PID" > /dev/null ;;
    esac
    case $line in
        "{"*) echo "$line" > "$REPORT" ;;
        "[bench]"*) echo "$line" >&2 ;;
    esac
done
kill "$PID"
wait "$PID" 2>/dev/null || true
trap - EXIT

python3 - "$OUT" "$REPORT" <<'EOF'
import json, sys
total = 0
for line in open(sys.argv[1]):
    if line.startswith(("summary:", "totals:")):
        total = int(line.split()[1])
report = json.load(open(sys.argv[2]))
delivered = report.get("delivered") or 0
print(f"{report['target']} {report['scenario']}: {total:,} instructions, {delivered:,} lines delivered, "
      f"{total / max(delivered, 1):,.0f} instructions per delivered line ({sys.argv[1]})")
EOF
