#!/usr/bin/env bash
# Real-client conformance: drives GNU telnet, TinTin++ (plain, screen-reader and ASCII mode),
# telnetlib3's client and netcat through tmux against a freshly built LivePet, and checks what
# each screen shows: hidden passwords, no stray bytes for nc, chat between clients, a pet's
# tick lines (`ticks all`; with the default `ticks changes` a room is quiet between changes
# while the prompt shows the pet's hearts), prompts that come back after asynchronous lines,
# every line on its own line (nothing glued to a prompt, no empty lines after prompts in
# TinTin++), GMCP in TinTin++, UTF-8 where the client takes it and ASCII only where it does
# not (TinTin++ set to ASCII).
# Over TLS (the telnet port's ClientHello sniffing and the TLS-only --tls-port): openssl
# s_client, TinTin++'s #ssl, telnetlib3-client --ssl-no-verify, Python's ssl module and
# `livepet check --tls`; TLS players chat with a clear-text one and `who` flags them `tls`.
#
# Needs: swift, tmux, telnet (inetutils), tintin++ (/usr/games/tt++), nc (netcat-openbsd),
# openssl, python3, telnetlib3 (PyPI; .ci/run installs it in a venv at /opt/telnetlib3).
#   apt-get install -y telnet tintin++ netcat-openbsd tmux python3-venv
#   python3 -m venv /opt/telnetlib3 && /opt/telnetlib3/bin/pip install telnetlib3==5.0.1
#
# Environment:
#   LIVEPET_BIN=path          use this server binary instead of building one
#   TELNETLIB3_CLIENT=path    telnetlib3's client (default: telnetlib3-client on PATH, else
#                             /opt/telnetlib3/bin/telnetlib3-client)
#   CONFORMANCE_SCRATCH=dir   build with `--scratch-path dir`
#   CONFORMANCE_TIMEOUT=s     seconds to wait for each expected text (default 10)
#   CONFORMANCE_KEEP=1        keep the work directory (final screens, server log, nc bytes)
#
# Prints one line per check and a final "N passed, N failed"; exits 1 if any check failed.
set -uo pipefail
# A relative LIVEPET_BIN means relative to where the script was started.
case "${LIVEPET_BIN:-/}" in /*) ;; *) LIVEPET_BIN="$PWD/$LIVEPET_BIN" ;; esac
cd "$(dirname "$0")/.."

TIMEOUT=${CONFORMANCE_TIMEOUT:-10}
PASSED=0
FAILED=0
WORK=$(mktemp -d "${TMPDIR:-/tmp}/livepet-conformance.XXXXXX")
SOCKET="$WORK/tmux.sock"
SERVER_PID=""
TT=$(command -v tt++ || echo /usr/games/tt++)
TL3=${TELNETLIB3_CLIENT:-$(command -v telnetlib3-client || echo /opt/telnetlib3/bin/telnetlib3-client)}
PASSWORD_A="sunflower-Secret-41"
PASSWORD_B="tulip-Secret-97"

cleanup() {
    if [ "${CONFORMANCE_KEEP:-0}" = 1 ]; then
        for client in telnet tintin nc reader tl3 ascii sclient tintls tl3tls; do
            tmux -u -S "$SOCKET" capture-pane -p -J -S - -t "$client" >"$WORK/screen-$client.txt" 2>/dev/null
        done
    fi
    tmux -S "$SOCKET" kill-server 2>/dev/null
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null
        wait "$SERVER_PID" 2>/dev/null
    fi
    if [ "${CONFORMANCE_KEEP:-0}" = 1 ]; then
        echo "work directory kept: $WORK"
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# MARK: Reporting

pass() {
    PASSED=$((PASSED + 1))
    echo "ok   $1"
}

fail() {
    FAILED=$((FAILED + 1))
    echo "FAIL $1"
    if [ -n "${2:-}" ]; then
        echo "     last lines of the $2 screen:"
        screen "$2" | sed '/^[[:space:]]*$/d' | tail -8 | sed 's/^/     | /'
    fi
}

summary() {
    echo "$PASSED passed, $FAILED failed"
}

# Stops at once: later checks cannot mean anything without this one.
fatal() {
    fail "$@"
    echo "stopping: the remaining checks depend on this one"
    summary
    exit 1
}

# MARK: tmux helpers

# -u: UTF-8 whatever the locale (CI may have none), so the screens show what a user's would.
tm() { tmux -u -S "$SOCKET" "$@"; }

# Everything the client's screen has shown, scrollback included, wrapped lines joined.
screen() { tm capture-pane -p -J -S - -t "$1" 2>/dev/null; }

# The last non-blank line on the screen.
last_line() { screen "$1" | sed '/^[[:space:]]*$/d' | tail -n 1 | sed 's/[[:space:]]*$//'; }

type_line() {
    tm send-keys -t "$1" -l -- "$2"
    tm send-keys -t "$1" Enter
}

# Polls (every 0.1 s, for at most TIMEOUT s) until `test_fn args...` succeeds.
poll() {
    local deadline=$((SECONDS + TIMEOUT))
    while true; do
        "$@" && return 0
        [ "$SECONDS" -ge "$deadline" ] && return 1
        sleep 0.1
    done
}

shows() { screen "$1" | grep -qF -- "$2"; }
ends_with_prompt() { [ "$(last_line "$1")" = "$2" ]; }

shows_re() { screen "$1" | grep -qE -- "$2"; }
ends_with_prompt_re() { last_line "$1" | grep -qxE -- "$2"; }

# expect CLIENT TEXT DESCRIPTION: waits for TEXT on CLIENT's screen.
expect() {
    if poll shows "$1" "$2"; then pass "$3"; else fail "$3 (never saw: $2)" "$1"; fi
}

# expect_re CLIENT ERE DESCRIPTION: waits for a line matching ERE on CLIENT's screen.
expect_re() {
    if poll shows_re "$1" "$2"; then pass "$3"; else fail "$3 (never saw: $2)" "$1"; fi
}

# expect_prompt_re CLIENT ERE DESCRIPTION: waits until the last line on the screen is all ERE.
expect_prompt_re() {
    if poll ends_with_prompt_re "$1" "$2"; then pass "$3"; else fail "$3 (last line: $(last_line "$1"))" "$1"; fi
}

# expect_prompt CLIENT PROMPT DESCRIPTION: waits until PROMPT is the last line on the screen.
expect_prompt() {
    if poll ends_with_prompt "$1" "$2"; then pass "$3"; else fail "$3 (last line: $(last_line "$1"))" "$1"; fi
}

# glued_lines TYPED...: of the screen on stdin, the lines where something follows a game
# prompt ("] > ") other than a line the user typed there (TYPED; "X*" allows anything
# starting with X): the server's next line did not start on a line of its own.
glued_lines() {
    awk -v typed="$(printf '%s\n' "$@")" '
        BEGIN { n = split(typed, t, "\n"); for (i = 1; i <= n; i++) ok[t[i]] = 1 }
        { at = index($0, "] > "); if (at == 0) next
          rest = substr($0, at + 4); sub(/[[:space:]]+$/, "", rest)
          if (rest == "" || rest in ok) next
          for (p in ok) if (p ~ /\*$/ && index(rest, substr(p, 1, length(p) - 1)) == 1) next
          print }'
}

# blank_after_prompt: of the screen on stdin, the game prompts (alone on their line)
# followed by an empty line, the pane's empty rows below the last output aside.
blank_after_prompt() {
    awk '
        { line[NR] = $0 }
        END { last = NR; while (last > 0 && line[last] ~ /^[[:space:]]*$/) last--
              for (i = 1; i < last; i++) if (line[i] ~ /\] > [[:space:]]*$/ && line[i + 1] ~ /^[[:space:]]*$/) print line[i] }'
}

# expect_own_lines CLIENT DESCRIPTION TYPED...: no line glued to a prompt on CLIENT's screen.
expect_own_lines() {
    local client=$1 what=$2 glued
    shift 2
    glued=$(screen "$client" | glued_lines "$@")
    if [ -z "$glued" ]; then
        pass "$client: $what"
    else
        fail "$client: $what; glued: $(printf '%s' "$glued" | head -n 2 | tr '\n' '|')" "$client"
    fi
}

# expect_no_blank_after_prompt CLIENT: no empty line right after a prompt on CLIENT's screen.
expect_no_blank_after_prompt() {
    local blank
    blank=$(screen "$1" | blank_after_prompt)
    if [ -z "$blank" ]; then
        pass "$1: no empty line after a prompt"
    else
        fail "$1: an empty line after a prompt: $(printf '%s' "$blank" | head -n 2 | tr '\n' '|')" "$1"
    fi
}

# MARK: Prerequisites

for tool in tmux telnet nc openssl python3 "$TT"; do
    command -v "$tool" >/dev/null 2>&1 || fatal "missing $tool: apt-get install -y telnet tintin++ netcat-openbsd tmux"
done
[ -x "$TL3" ] || fatal "missing telnetlib3's client at $TL3: python3 -m venv /opt/telnetlib3 && /opt/telnetlib3/bin/pip install telnetlib3==5.0.1 (or set TELNETLIB3_CLIENT)"

if [ -z "${LIVEPET_BIN:-}" ]; then
    scratch=()
    [ -n "${CONFORMANCE_SCRATCH:-}" ] && scratch=(--scratch-path "$CONFORMANCE_SCRATCH")
    echo "building livepet (debug)…"
    swift build --product livepet "${scratch[@]}" >"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log"; fatal "swift build --product livepet"; }
    LIVEPET_BIN="$(swift build --show-bin-path "${scratch[@]}")/livepet"
fi
[ -x "$LIVEPET_BIN" ] || fatal "no server binary at $LIVEPET_BIN"

# MARK: Server

started=$SECONDS
: >"$WORK/server.log"
# --max-per-address: the TLS checks have nine clients on 127.0.0.1 at once (the default is 8).
"$LIVEPET_BIN" serve --host 127.0.0.1 --port 0 --db "$WORK/livepet.sqlite" --tick 1 --password-cost 1 \
    --tls-port 0 --max-per-address 16 --motd-text "Welcome to the LivePet conformance run!" --log-level debug 2>"$WORK/server.log" &
SERVER_PID=$!
server_port() { PORT=$(sed -n 's/.*event=listening .*port=\([0-9][0-9]*\).*/\1/p' "$WORK/server.log" | head -n 1); [ -n "$PORT" ]; }
poll server_port || { cat "$WORK/server.log"; fatal "server starts and logs its port"; }
pass "server listens on 127.0.0.1:$PORT"
TLS_PORT=$(sed -n 's/.*event=listening_tls .*port=\([0-9][0-9]*\).*/\1/p' "$WORK/server.log" | head -n 1)
FINGERPRINT=$(sed -n 's/.*event=tls .*sha256=\([0-9A-F:]*\).*/\1/p' "$WORK/server.log" | head -n 1)
[ -n "$TLS_PORT" ] && [ -n "$FINGERPRINT" ] || { cat "$WORK/server.log"; fatal "server logs its TLS port and certificate fingerprint"; }
pass "server listens for TLS only on 127.0.0.1:$TLS_PORT (self-signed certificate $FINGERPRINT)"

# MARK: Clients

mkdir -p "$WORK/home"
# TinTin++ takes GMCP when offered and shows each message as "GMCP <package> <data>", except
# the world lists (Pet.List, Players.Online): they come on the tick, several screen lines long,
# and TinTin++ shows them where its cursor is, after a prompt too, which no checked screen wants.
cat >"$WORK/gmcp.tin" <<EOF
#event {IAC WILL GMCP} {#send {\xFF\xFD\xC9\}}
#event {IAC SB GMCP} {#if {"%0" == "Players.Online" || "%0" == "Pet.List"} {#nop} {#showme {GMCP %0 %1}}}
#session lp 127.0.0.1 $PORT
EOF

tm -f /dev/null new-session -d -s control -x 100 -y 10
tm set-option -g remain-on-exit on >/dev/null
tm set-option -g history-limit 10000 >/dev/null
tm new-session -d -s telnet -x 100 -y 40 "telnet 127.0.0.1 $PORT"
tm new-session -d -s tintin -x 140 -y 40 "HOME='$WORK/home' '$TT' -G -r '$WORK/gmcp.tin'"
tm new-session -d -s nc -x 100 -y 40 "nc 127.0.0.1 $PORT | tee '$WORK/nc.bytes'"
tm new-session -d -s reader -x 100 -y 40 "HOME='$WORK/home' '$TT' -G -s -e '#session lp 127.0.0.1 $PORT'"
# telnetlib3's client accepts EOR but writes everything to the terminal as it comes: EOR is
# a mark only, so the line after a prompt needs its own line end.
tm new-session -d -s tl3 -x 100 -y 40 "'$TL3' 127.0.0.1 $PORT"
# TinTin++ told its terminal has no UTF-8: MTTS without the UTF-8 bit, CHARSET answers without it.
tm new-session -d -s ascii -x 100 -y 40 "HOME='$WORK/home' '$TT' -G -e '#config {charset} {ASCII}; #session lp 127.0.0.1 $PORT'"

for client in telnet tintin nc reader tl3 ascii; do
    poll shows "$client" 'What is your name? (or "guest")' || fatal "$client shows the name prompt" "$client"
done
pass "every client shows the MOTD and the name prompt"

# What a raw nc shows at the top, before anyone types: the 9-byte IAC offer is sent to
# everyone before the server can know the client is raw.
nc_top=$(screen nc | head -n 1)
echo "     nc screen, first line: $(printf '%s' "$nc_top" | cat -v)"
echo "     nc bytes, first line:  $(head -n 1 "$WORK/nc.bytes" | cat -v)"
if [ "$nc_top" = "Welcome to the LivePet conformance run!" ]; then
    pass "nc: the opening IAC offer leaves nothing visible on the first line"
else
    fail "nc: the first line shows stray characters before the MOTD" nc
fi

# MARK: Logging in with hidden passwords

create_interactively() { # CLIENT NAME PASSWORD
    type_line "$1" "$2"
    poll shows "$1" "Create a new character called $2? (yes/no)" || fatal "$1: the new-name question" "$1"
    type_line "$1" yes
    poll shows "$1" "Choose a password for $2" || fatal "$1: the password prompt" "$1"
    type_line "$1" "$3"
    poll shows "$1" "Repeat the password:" || fatal "$1: the repeat prompt" "$1"
    type_line "$1" "$3"
    poll shows "$1" "Welcome to LivePet, $2!" || fatal "$1: creating $2" "$1"
    pass "$1: created $2 through the interactive name → password dialogue"
}

create_interactively telnet Alice "$PASSWORD_A"
expect_prompt telnet "[Lobby, 5 treats] >" "telnet: the game prompt appears"
create_interactively tintin Bob "$PASSWORD_B"
expect_prompt tintin "[Lobby, 5 treats] >" "tintin: the game prompt appears"
expect tintin "GMCP Char.Name {name}{Bob}" "tintin: GMCP Char.Name at login"
expect tintin "GMCP Room.Info {num}{0}{name}{Lobby}" "tintin: GMCP Room.Info at login"

type_line nc guest
poll shows nc "Welcome, Guest-" || fatal "nc: logs in as a guest" nc
GUEST=$(screen nc | sed -n 's/.*Welcome, \(Guest-[0-9]*\)!.*/\1/p' | head -n 1)
pass "nc: logged in as $GUEST"
expect_prompt nc "[Lobby] >" "nc: the guest prompt appears"
type_line reader guest
poll shows reader "Welcome, Guest-" || fatal "reader: logs in as a guest" reader
expect reader "[Lobby] >" "reader (tt++ -s): the guest prompt appears"
type_line tl3 guest
poll shows tl3 "Welcome, Guest-" || fatal "tl3: logs in as a guest" tl3
TL3_GUEST=$(screen tl3 | sed -n 's/.*Welcome, \(Guest-[0-9]*\)!.*/\1/p' | head -n 1)
expect_prompt tl3 "[Lobby] >" "tl3 (telnetlib3-client): the guest prompt appears"
type_line ascii guest
poll shows ascii "Welcome, Guest-" || fatal "ascii: logs in as a guest" ascii
expect ascii "[Lobby] >" "ascii (tt++ with #config charset ASCII): the guest prompt appears"
type_line ascii "charset"
expect ascii "(it is ascii now)" "ascii: the server took MTTS without UTF-8 for ASCII"

for client in telnet tintin; do
    if screen "$client" | grep -qF -e "$PASSWORD_A" -e "$PASSWORD_B"; then
        fail "$client: a password is on the screen" "$client"
    else
        pass "$client: no password on the screen"
    fi
done

# MARK: Talking

type_line telnet "say hello from telnet"
expect tintin 'Alice says, "hello from telnet"' "tintin sees Alice's say"
expect nc 'Alice says, "hello from telnet"' "nc sees Alice's say"
expect tintin 'GMCP Comm.Channel.Text {channel}{say}{talker}{Alice}' "tintin: GMCP Comm.Channel.Text for a say"
type_line tintin "chat hi from tintin"
expect telnet "[chat] Bob: hi from tintin" "telnet sees Bob's chat"
expect nc "[chat] Bob: hi from tintin" "nc sees Bob's chat"
expect reader "[chat] Bob: hi from tintin" "reader sees Bob's chat"
expect tl3 "[chat] Bob: hi from tintin" "tl3 sees Bob's chat"
type_line nc "say hi from nc"
expect telnet "$GUEST says, \"hi from nc\"" "telnet sees the nc guest's say"
expect tintin "$GUEST says, \"hi from nc\"" "tintin sees the nc guest's say"
expect_prompt telnet "[Lobby, 5 treats] >" "telnet: the prompt is back after others' lines"
expect_prompt tintin "[Lobby, 5 treats] >" "tintin: the prompt is back after others' lines"
expect_prompt nc "[Lobby] >" "nc: the prompt is back after others' lines"
expect_prompt tl3 "[Lobby] >" "tl3: the prompt is back after others' lines"

# MARK: A pet and its ticks

# Biscuit's hearts as each kind of client shows them: five, the full ones first (an ERE of
# the six forms; mawk has no {n}), and the prompt in Biscuit's room: `[Biscuit ♥♥♡♡♡,
# 5 treats] >`, guests without treats. ASCII_SOME_HEARTS: at least one full heart.
hearts_re() { # FULL EMPTY FROM: the forms with FROM to 5 full hearts
    local forms=() full form i
    for full in 5 4 3 2 1 0; do
        [ "$full" -ge "$3" ] || continue
        form=""
        for ((i = 0; i < full; i++)); do form+="$1"; done
        for ((i = full; i < 5; i++)); do form+="$2"; done
        forms+=("$form")
    done
    (IFS='|'; echo "(${forms[*]})")
}
HEARTS=$(hearts_re '♥' '♡' 0)
ASCII_HEARTS=$(hearts_re '<3' '\.\.' 0)
ASCII_SOME_HEARTS=$(hearts_re '<3' '\.\.' 1)
ROOM_PROMPT="\[Biscuit $HEARTS, 5 treats\] >"
GUEST_ROOM_PROMPT="\[Biscuit $HEARTS\] >"
ASCII_ROOM_PROMPT="\[Biscuit $ASCII_HEARTS\] >"
READER_ROOM_PROMPT="\[Biscuit, [0-5] of 5 hearts\] >"
ALL_TICKS="Pet status lines: all."

# Between two tick lines the prompt comes back at least once (other lines may share it),
# showing the hearts of the tick line before it.
ticks_reprompted() { # CLIENT TICK-PREFIX PROMPT-ERE HEARTS-ERE
    screen "$1" | PROMPT="^$3" HEARTS_RE="$4" awk -v tick="$2" '
        index($0, tick) == 1 { if (open) bad++; ticks++; open = 1
                               hearts = match($0, ENVIRON["HEARTS_RE"]) ? substr($0, RSTART, RLENGTH) : ""; next }
        open && $0 ~ ENVIRON["PROMPT"] { open = 0; if (hearts == "" || index($0, hearts) == 0) bad++ }
        END { exit !(ticks >= 2 && bad == 0) }'
}

# After the last MARKER line, tick lines (TICK-PREFIX, then the age) for three ages in a row:
# every tick has its line.
every_tick_after() { # CLIENT MARKER TICK-PREFIX
    screen "$1" | awk -v marker="$2" -v tick="$3" '
        index($0, marker) { seen = 1; split("", age); next }
        seen && index($0, tick) == 1 { age[substr($0, length(tick) + 1) + 0] = 1 }
        END { for (a in age) if ((a + 1) in age && (a + 2) in age) exit 0; exit 1 }'
}

# With the default `ticks changes`, TinTin++'s screen (GMCP Pet.Status every tick, with the
# age, hearts and mood) shows at least four ticks that changed neither hearts nor mood, and
# no status line for any of them (a milestone age, every 1,000, is not reached here).
# (TinTin++ wraps its long GMCP lines itself, and may show one after a prompt.)
quiet_between_changes() { # CLIENT
    screen "$1" | awk '
        function field(name) {
            if (!match(status, "[{]" name "[}][{][^}]*[}]")) return ""
            return substr(status, RSTART + length(name) + 3, RLENGTH - length(name) - 4) }
        index($0, "GMCP Pet.Status ") {
            status = substr($0, index($0, "GMCP Pet.Status "))
            while (index(status, "{visitors}{") == 0 && (getline more) > 0) status = status more
            if (field("mood") == "") { broken++; next }
            state[field("age") + 0] = field("hearts") "/" field("mood"); next }
        /^\[Biscuit\] age / { line[substr($0, 15) + 0] = 1 }
        END { for (a in state) if ((a - 1) in state && state[a] == state[a - 1]) { same++; if (a in line) noisy++ }
              exit !(same >= 4 && noisy == 0 && broken == 0) }'
}

# The last prompt on the screen has the hearts of the last GMCP Pet.Status (either may have
# more on its line: TinTin++ shows GMCP where its cursor is, after a prompt too).
last_room_prompt() { screen "$1" | grep -oE "^$ROOM_PROMPT" | tail -n 1; }
prompt_has_status_hearts() { # CLIENT
    local hearts full="" i
    hearts=$(screen "$1" | grep -oE 'GMCP Pet\.Status .*[{]hearts[}][{][0-5][}]' | tail -n 1 | sed 's/.*{hearts}{\([0-5]\)}$/\1/')
    [ -n "$hearts" ] || return 1
    for i in 1 2 3 4 5; do if [ "$i" -le "$hearts" ]; then full+="♥"; else full+="♡"; fi; done
    [ "$(last_room_prompt "$1")" = "[Biscuit $full, 5 treats] >" ]
}

type_line telnet "adopt Biscuit dog"
expect telnet "You adopt Biscuit the dog (#1)!" "telnet: adopts Biscuit"
type_line telnet "visit Biscuit"
expect telnet "Biscuit the dog (#1), cared for by Alice." "telnet: visits Biscuit"
expect telnet '(    @\___' "telnet: the dog's picture on look"
expect telnet "/500, ♥♥♥♡♡, content." "telnet: UTF-8 (hearts) arrives intact"
expect_prompt_re telnet "$ROOM_PROMPT" "telnet: the prompt in Biscuit's room shows its hearts"
type_line telnet "ticks all"
expect telnet "$ALL_TICKS" "telnet: ticks all"
if poll every_tick_after telnet "$ALL_TICKS" "[Biscuit] age "; then pass "telnet: Biscuit's tick lines arrive, every tick"; else fail "telnet: Biscuit's tick lines arrive, every tick" telnet; fi
expect_prompt_re telnet "$ROOM_PROMPT" "telnet: the prompt is back after tick lines"
if poll ticks_reprompted telnet "[Biscuit] age " "$ROOM_PROMPT" "$HEARTS"; then
    pass "telnet: the prompt comes back after every tick line, with its hearts"
else
    fail "telnet: the prompt comes back after every tick line, with its hearts" telnet
fi

type_line tintin "visit Biscuit"
expect tintin "GMCP Room.Info {num}{1}{name}{Biscuit's room}" "tintin: GMCP Room.Info on the room change"
expect tintin "GMCP Pet.Status {id}{1}{name}{Biscuit}" "tintin: GMCP Pet.Status on ticks"
if poll quiet_between_changes tintin; then
    pass "tintin: by default (ticks changes) no status line for ticks that change nothing (GMCP Pet.Status still every tick)"
else
    fail "tintin: by default (ticks changes) no status line for ticks that change nothing (GMCP Pet.Status still every tick)" tintin
fi
if poll prompt_has_status_hearts tintin; then
    pass "tintin: meanwhile the prompt shows Biscuit's hearts (those of the last GMCP Pet.Status)"
else
    fail "tintin: meanwhile the prompt shows Biscuit's hearts (last prompt: $(last_room_prompt tintin))" tintin
fi
type_line tintin "ticks all"
expect tintin "$ALL_TICKS" "tintin: ticks all"
if poll every_tick_after tintin "$ALL_TICKS" "[Biscuit] age "; then pass "tintin: Biscuit's tick lines arrive, every tick"; else fail "tintin: Biscuit's tick lines arrive, every tick" tintin; fi
expect_prompt_re tintin "$ROOM_PROMPT" "tintin: the prompt is back after tick lines"
if poll ticks_reprompted tintin "[Biscuit] age " "$ROOM_PROMPT" "$HEARTS"; then
    pass "tintin: the prompt comes back after every tick line, with its hearts"
else
    fail "tintin: the prompt comes back after every tick line, with its hearts" tintin
fi

type_line reader "visit Biscuit"
expect reader "Biscuit the dog (#1), cared for by Alice." "reader: visits Biscuit"
expect reader "of 5 hearts" "reader: hearts in words"
expect_re reader "^$READER_ROOM_PROMPT" "reader: the prompt says Biscuit's hearts in words"
type_line reader "ticks all"
expect reader "$ALL_TICKS" "reader: ticks all"
if poll every_tick_after reader "$ALL_TICKS" "Pet Biscuit: age "; then pass "reader: spoken tick lines arrive, every tick"; else fail "reader: spoken tick lines arrive, every tick" reader; fi
if screen reader | grep -qF -e '(    @\___' -e '♥' -e '♡'; then
    fail "reader: no picture and no heart symbols in screen-reader mode" reader
else
    pass "reader: no picture and no heart symbols in screen-reader mode"
fi

# telnetlib3's client (a guest may visit) in the pet's room: tick lines while its prompt is on
# screen, each on a line of its own (the issue's "[Whiskers's room, 5 treats] > [Whiskers] age").
type_line tl3 "visit Biscuit"
expect tl3 "Biscuit the dog (#1), cared for by Alice." "tl3: visits Biscuit"
type_line tl3 "ticks all"
expect tl3 "$ALL_TICKS" "tl3: ticks all"
if poll every_tick_after tl3 "$ALL_TICKS" "[Biscuit] age "; then pass "tl3: Biscuit's tick lines arrive, every tick"; else fail "tl3: Biscuit's tick lines arrive, every tick" tl3; fi
expect_prompt_re tl3 "$GUEST_ROOM_PROMPT" "tl3: the prompt is back after tick lines"
if poll ticks_reprompted tl3 "[Biscuit] age " "$GUEST_ROOM_PROMPT" "$HEARTS"; then
    pass "tl3: the prompt comes back after every tick line, with its hearts"
else
    fail "tl3: the prompt comes back after every tick line, with its hearts" tl3
fi

# UTF-8 where the client takes it (MTTS bit 4, CHARSET ACCEPTED UTF-8), ASCII where not.
expect_re tintin "^\[Biscuit\] age [0-9]+, hunger [0-9]+/500, $HEARTS " "tintin: tick lines (age, hunger, hearts)"
if screen tintin | grep -qE "$HEARTS"; then pass "tintin: hearts in UTF-8"; else fail "tintin: hearts in UTF-8" tintin; fi
if screen tl3 | grep -qE "$HEARTS"; then pass "tl3: hearts in UTF-8"; else fail "tl3: hearts in UTF-8" tl3; fi
# Fed just before the ASCII client looks (hunger -100), Biscuit has a full heart to show
# however long the checks above took (a pet starves 50 s after it was fed at --tick 1).
type_line telnet "feed"
expect telnet "You feed Biscuit." "telnet: feeds Biscuit"
expect tintin "Alice feeds Biscuit." "tintin sees the feeding"
type_line ascii "visit Biscuit"
expect ascii "Biscuit the dog (#1), cared for by Alice." "ascii: visits Biscuit"
expect ascii '(    @\___' "ascii: the dog's picture on look"
expect_re ascii "/500, $ASCII_SOME_HEARTS, " "ascii: hearts as <3 (and .. for empty ones)"
expect_prompt_re ascii "$ASCII_ROOM_PROMPT" "ascii: the prompt shows the hearts in ASCII"
type_line ascii "ticks all"
expect ascii "$ALL_TICKS" "ascii: ticks all"
if poll every_tick_after ascii "$ALL_TICKS" "[Biscuit] age "; then pass "ascii: Biscuit's tick lines arrive, every tick"; else fail "ascii: Biscuit's tick lines arrive, every tick" ascii; fi
if poll ticks_reprompted ascii "[Biscuit] age " "$ASCII_ROOM_PROMPT" "$ASCII_HEARTS"; then
    pass "ascii: the prompt comes back after every tick line, with its hearts"
else
    fail "ascii: the prompt comes back after every tick line, with its hearts" ascii
fi
type_line telnet "say Zoë's café ♥"
expect ascii "Alice says, \"Zoe's cafe <3\"" "ascii: players' text transliterated"
if screen ascii | LC_ALL=C grep -q '[^[:print:][:space:]]'; then
    fail "ascii: nothing but ASCII on the screen" ascii
else
    pass "ascii: nothing but ASCII on the screen"
fi

# MARK: Every line on its own line

# Nothing the server sent follows a prompt on the same line (what each user typed aside), in
# clients that show EOR/GA as nothing (GNU telnet, telnetlib3's client, nc) as in those that
# end the line there (TinTin++); and TinTin++ shows no empty line after a prompt.
expect_own_lines telnet "every line on its own line" "say hello from telnet" "adopt Biscuit dog" "visit Biscuit" "ticks all" "say Zoë's café ♥" "feed"
# (TinTin++ prints the script's own "GMCP ..." lines where its cursor is, after a prompt too.)
expect_own_lines tintin "every line on its own line" "chat hi from tintin" "visit Biscuit" "ticks all" "GMCP *"
expect_own_lines reader "every line on its own line" "guest" "visit Biscuit" "ticks all"
expect_own_lines tl3 "every line on its own line" "visit Biscuit" "ticks all"
expect_own_lines nc "every line on its own line" "say hi from nc"
expect_own_lines ascii "every line on its own line" "guest" "charset" "visit Biscuit" "ticks all"
expect_no_blank_after_prompt tintin
expect_no_blank_after_prompt reader

# MARK: What nc received

# Only the opening offer may carry IAC (0xFF); colour was never asked for, so no ESC either.
iac_count=$(od -An -tx1 -v "$WORK/nc.bytes" | tr -s ' ' '\n' | grep -c '^ff$')
esc_count=$(od -An -tx1 -v "$WORK/nc.bytes" | tr -s ' ' '\n' | grep -c '^1b$')
offer=$(head -c 9 "$WORK/nc.bytes" | od -An -tx1 | tr -d ' \n')
if [ "$offer" = "fffd18fffd1ffffb19" ] && [ "$iac_count" -eq 3 ]; then
    pass "nc: no telnet byte after the 9-byte opening offer"
else
    fail "nc: telnet bytes after the opening offer (first 9: $offer, IAC bytes: $iac_count)"
fi
if [ "$esc_count" -eq 0 ]; then pass "nc: no ANSI escape"; else fail "nc: $esc_count ANSI escapes"; fi
if screen nc | grep -q $'\xef\xbf\xbd'; then
    fail "nc: replacement characters on the screen" nc
else
    pass "nc: no replacement characters on the screen"
fi

# MARK: TLS

# The TLS-only port explains itself in plain text to a client that does not speak TLS.
tls_port_answer=$(printf 'guest\r\n' | timeout 5 nc 127.0.0.1 "$TLS_PORT" | tr -d '\r')
if [ "$tls_port_answer" = "This is LivePet's TLS port: connect with TLS (a MUD client's SSL/TLS option, or openssl s_client), or use the plain telnet port." ]; then
    pass "nc on the TLS port: one plain-text line, then closed"
else
    fail "nc on the TLS port: got $(printf '%s' "$tls_port_answer" | head -c 200 | cat -v)"
fi

# livepet check --tls, on both ports: any certificate, its fingerprint printed.
for port in "$TLS_PORT" "$PORT"; do
    check_out=$("$LIVEPET_BIN" check --tls --host 127.0.0.1 --port "$port" 2>&1)
    if [[ "$check_out" == "ok: LivePet answered over TLSv1.3 on 127.0.0.1:$port ("*"certificate SHA-256 $FINGERPRINT (not verified)" ]]; then
        pass "livepet check --tls on port $port"
    else
        fail "livepet check --tls on port $port: $check_out"
    fi
done
echo "     $check_out"

# openssl s_client on the telnet port (the ClientHello is recognised there), TinTin++'s #ssl
# and telnetlib3's client on the TLS-only port. All three log in as guests in the Lobby,
# where the nc guest (clear text) still is.
tm new-session -d -s sclient -x 100 -y 40 "openssl s_client -quiet -connect 127.0.0.1:$PORT"
tm new-session -d -s tintls -x 140 -y 40 "HOME='$WORK/home' '$TT' -G -e '#ssl lps 127.0.0.1 $TLS_PORT'"
tm new-session -d -s tl3tls -x 100 -y 40 "'$TL3' --ssl-no-verify 127.0.0.1 $TLS_PORT"
for client in sclient tintls tl3tls; do
    poll shows "$client" 'What is your name? (or "guest")' || { fail "$client shows the name prompt over TLS" "$client"; continue; }
    pass "$client: the MOTD and the name prompt over TLS"
    type_line "$client" guest
    if poll shows "$client" "Welcome, Guest-"; then
        pass "$client: logged in as $(screen "$client" | sed -n 's/.*Welcome, \(Guest-[0-9]*\)!.*/\1/p' | head -n 1) over TLS"
    else
        fail "$client: logs in as a guest over TLS" "$client"
    fi
done
expect_prompt tintls "[Lobby] >" "tintls (TinTin++ #ssl): the guest prompt appears"
expect_prompt tl3tls "[Lobby] >" "tl3tls (telnetlib3-client --ssl-no-verify): the guest prompt appears"

type_line sclient "say hello from s_client"
expect nc 'says, "hello from s_client"' "nc (clear text) sees the s_client guest's say"
expect tintls 'says, "hello from s_client"' "tintls sees the s_client guest's say"
type_line tintls "say hello from tintin over tls"
expect nc 'says, "hello from tintin over tls"' "nc sees the TinTin++ TLS guest's say"
expect tl3tls 'says, "hello from tintin over tls"' "tl3tls sees the TinTin++ TLS guest's say"
type_line nc "say hi back in the clear"
for client in sclient tintls tl3tls; do
    expect "$client" "$GUEST says, \"hi back in the clear\"" "$client sees the clear-text guest's say"
done
expect_prompt tintls "[Lobby] >" "tintls: the prompt is back after others' lines"
expect_prompt tl3tls "[Lobby] >" "tl3tls: the prompt is back after others' lines"
expect_own_lines tintls "every line on its own line" "guest" "say hello from tintin over tls"
expect_own_lines tl3tls "every line on its own line"

# who, in the clear: the TLS players are flagged tls, nc's own row is not.
type_line nc who
if poll shows nc "players online."; then
    tls_rows=$(screen nc | grep -c '^Guest-[0-9]* .*  guest, tls$')
    nc_row=$(screen nc | grep "^$GUEST " | tail -n 1)
    screen nc | grep -A9 'Name .*Flags' | tail -n 10 | sed 's/^/     | /'
    if [ "$tls_rows" -ge 3 ] && [[ "$nc_row" == *"  guest" ]]; then
        pass "who: the three TLS guests are flagged tls, the clear-text one is not"
    else
        fail "who: tls flags (rows flagged: $tls_rows; nc's row: $nc_row)" nc
    fi
else
    fail "who answers" nc
fi

# Python's ssl module (as a script would use it): no verification, login, who, quit.
py_out=$(timeout 20 python3 - 127.0.0.1 "$TLS_PORT" <<'PY' 2>&1
import socket, ssl, sys
context = ssl.create_default_context()
context.check_hostname = False
context.verify_mode = ssl.CERT_NONE
with socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=10) as raw:
    with context.wrap_socket(raw, server_hostname=sys.argv[1]) as tls:
        got = b""
        def until(needle):
            global got
            while needle not in got:
                chunk = tls.recv(4096)
                if not chunk:
                    raise SystemExit("closed before %r; got %r" % (needle, got[-300:]))
                got += chunk
        until(b'What is your name? (or "guest") ')
        tls.sendall(b"guest\r\n")
        until(b"] > ")
        tls.sendall(b"who\r\n")
        until(b"players online.")
        tls.sendall(b"quit\r\n")
        until(b"Goodbye, ")
        print(tls.version(), "who rows flagged tls:", got.count(b"guest, tls"))
PY
)
if [[ "$py_out" == "TLSv1.3 who rows flagged tls: "[4-9]* ]]; then
    pass "python3 ssl: login, who (TLS rows flagged), quit: $py_out"
else
    fail "python3 ssl: $py_out"
fi

type_line sclient quit
expect sclient "Goodbye, Guest-" "sclient: quit says goodbye over TLS"
type_line tintls quit
expect tintls "Goodbye, Guest-" "tintls: quit says goodbye over TLS"
type_line tl3tls quit
# telnetlib3 5.0.1 drops what arrives in the same read as the end of the connection: its
# connection_lost clears the receive queue its reader task has not processed yet. Over TLS,
# asyncio hands it the goodbye and the close_notify in one go, so the goodbye is lost on its
# screen (Python's own asyncio SSL protocol does receive it: see the python3 ssl check).
expect tl3tls "Connection closed by foreign host." "tl3tls: quit closes the connection (the goodbye is lost by telnetlib3, see above)"

# MARK: Leaving

type_line telnet quit
expect telnet "Goodbye, Alice!" "telnet: quit says goodbye"
expect telnet "Connection closed by foreign host." "telnet: the server closes the connection"
type_line tintin quit
expect tintin "Goodbye, Bob!" "tintin: quit says goodbye"
type_line nc quit
expect nc "Goodbye, $GUEST!" "nc: quit says goodbye"
type_line tl3 quit
expect tl3 "Goodbye, $TL3_GUEST!" "tl3: quit says goodbye"

kill -TERM "$SERVER_PID"
stopped() { ! kill -0 "$SERVER_PID" 2>/dev/null; }
if poll stopped && grep -q "event=stopped" "$WORK/server.log"; then
    pass "server stops cleanly on SIGTERM"
    SERVER_PID=""
else
    fail "server stops cleanly on SIGTERM"
fi

echo "     ($((SECONDS - started)) s against the server)"
summary
[ "$FAILED" -eq 0 ]
