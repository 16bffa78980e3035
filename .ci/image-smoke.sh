#!/usr/bin/env bash
# What the container image would do, tested without a Docker engine (none runs here).
#
#   .ci/image-smoke.sh [BINARY]
#
# 1. Builds the release binary as the Dockerfile's build stage does (unless BINARY is given).
# 2. Checks with ldd that it needs only libraries the Dockerfile's runtime stage installs
#    (plus libc6, which every Debian image has).
# 3. Checks the runtime stage's contract: non-root numeric USER, /data volume, port 4000,
#    SIGTERM, the `livepet check` health check, the MOTD path.
# 4. Runs the binary the way the image does: as a non-root user, as PID 1 of its own PID
#    namespace (a container without an init), from an empty, unwritable working directory,
#    with exactly the ENV the Dockerfile sets (its paths laid out under a temporary root)
#    and what Docker adds (PATH, HOME, HOSTNAME). Then `livepet check` must pass, SIGTERM
#    must end it with exit 0 after a final checkpoint, a restart must find what the first
#    run stored, the MOTD must be replaceable by a file and by LIVEPET_MOTD_TEXT, and a data
#    folder the user cannot write must fail at start with one clear line.
#
# The one deliberate difference: LIVEPET_PORT=0 (any free port), so that the test never
# collides with a server on 4000; `livepet check` then gets the port through LIVEPET_PORT,
# as it would from `docker run -e LIVEPET_PORT=...`.
set -euo pipefail
given_binary=""
[ $# -ge 1 ] && given_binary=$(realpath "$1")
cd "$(dirname "$0")/.."

fail() { echo "image-smoke: FAIL: $*" >&2; exit 1; }
note() { echo "image-smoke: $*"; }

# ---- 1. the binary ---------------------------------------------------------------------
if [ -n "$given_binary" ]; then
    binary=$given_binary
else
    note "building the release binary (swift build -c release --static-swift-stdlib)"
    scratch=.build-release
    swift build -c release --static-swift-stdlib --product livepet --scratch-path "$scratch"
    binary="$(swift build -c release --static-swift-stdlib --scratch-path "$scratch" --show-bin-path)/livepet"
fi
[ -x "$binary" ] || fail "no binary at $binary"
note "binary: $binary ($(du -h "$binary" | cut -f1))"

# ---- the Dockerfile's runtime stage, one logical instruction per line ------------------
# Comments dropped, continuation lines joined, only what follows the last FROM.
runtime_stage() {
    awk '
        /^[[:space:]]*#/ { next }
        {
            line = (cont != "" ? cont " " : "") $0
            if (line ~ /\\[[:space:]]*$/) { sub(/\\[[:space:]]*$/, "", line); cont = line; next }
            cont = ""
            if (line ~ /^[[:space:]]*$/) next
            gsub(/[[:space:]]+/, " ", line); sub(/^ /, "", line); sub(/ $/, "", line)
            if (toupper(line) ~ /^FROM /) n = 0
            stage[n++] = line
        }
        END { for (i = 0; i < n; i++) print stage[i] }
    ' Dockerfile
}
stage=$(runtime_stage)
[ -n "$stage" ] || fail "could not read the Dockerfile's runtime stage"

# Packages the runtime stage installs: the words after `apt-get install` up to `&&`.
runtime_packages=$(printf '%s\n' "$stage" | awk '
    /^RUN / && /apt-get install/ {
        sub(/.*apt-get install/, ""); sub(/&&.*/, "")
        for (i = 1; i <= NF; i++) if ($i !~ /^-/) print $i
    }' | sort -u)
[ -n "$runtime_packages" ] || fail "found no apt-get install in the Dockerfile's runtime stage"
# Essential in every Debian image, so the Dockerfile need not name it.
base_packages="libc6"

require() {  # exact (whitespace-normalised) instruction that must be in the runtime stage
    printf '%s\n' "$stage" | grep -qxF -- "$1" || fail "the Dockerfile's runtime stage lacks: $1 (update the Dockerfile or this simulation)"
}
destination_of() {  # last word of the COPY whose source matches
    printf '%s\n' "$stage" | awk -v src="$1" '$1 == "COPY" && index($0, src) { print $NF }' | tail -n 1
}

# ---- 2. shared libraries ---------------------------------------------------------------
# Every library the binary may load, and the Debian package that ships it. A new entry
# needs its package in the runtime stage's apt-get install too.
declare -A soname_package=(
    [libc.so.6]=libc6 [libm.so.6]=libc6 [libpthread.so.0]=libc6 [libdl.so.2]=libc6
    [librt.so.1]=libc6 [libutil.so.1]=libc6
    [ld-linux-x86-64.so.2]=libc6 [ld-linux-aarch64.so.1]=libc6
    [libsqlite3.so.0]=libsqlite3-0
    [libcrypt.so.1]=libcrypt1
    [libssl.so.3]=libssl3 [libcrypto.so.3]=libssl3
    [libstdc++.so.6]=libstdc++6
    [libgcc_s.so.1]=libgcc-s1
    [libz.so.1]=zlib1g
)
note "runtime stage installs: $(echo $runtime_packages) (+ base: $base_packages)"
ldd_output=$(ldd "$binary") || fail "ldd failed on $binary"
printf '%s\n' "$ldd_output" | grep -q 'not found' && fail "unresolved libraries:
$ldd_output"
note "ldd $(basename "$binary"):"
used_packages=""
while read -r first arrow path _; do
    [ -n "$first" ] || continue
    case "$first" in linux-vdso.so.*|linux-gate.so.*) continue ;; esac
    soname=$(basename "$first")
    [ "$arrow" = "=>" ] || path=$first
    package=${soname_package[$soname]:-}
    [ -n "$package" ] || fail "the binary needs $soname ($path), which the image does not provide: add its package to the runtime stage and to soname_package in $0"
    if ! printf '%s\n' $runtime_packages $base_packages | grep -qxF "$package"; then
        fail "the binary needs $soname from $package, which the Dockerfile's runtime stage does not install"
    fi
    owner="(dpkg does not know it)"
    if command -v dpkg >/dev/null; then
        for candidate in "$path" "$(realpath "$path")" "/usr$path" "${path#/usr}"; do
            found=$(dpkg -S "$candidate" 2>/dev/null | head -n 1 | cut -d: -f1) && [ -n "$found" ] && { owner=$found; break; }
        done
        case "$owner" in
            "(dpkg"*) ;;
            "$package") ;;
            *) fail "$soname is $path from package $owner here, expected $package" ;;
        esac
    fi
    printf '  %-24s %-48s %s\n' "$soname" "$path" "$package"
    used_packages="$used_packages $package"
done <<< "$ldd_output"
for package in $runtime_packages; do
    printf '%s\n' $used_packages | grep -qxF "$package" || note "note: the runtime stage installs $package, which the binary does not load"
done
note "libraries: OK (all from packages the runtime stage installs)"

# ---- 3. the runtime contract -----------------------------------------------------------
require 'EXPOSE 4000'
require 'STOPSIGNAL SIGTERM'
require 'VOLUME ["/data"]'
require 'ENTRYPOINT ["livepet"]'
printf '%s\n' "$stage" | grep -qE '^HEALTHCHECK .*CMD \["livepet", ?"check"\]$' || fail 'the runtime stage needs HEALTHCHECK ... CMD ["livepet", "check"]'
user=$(printf '%s\n' "$stage" | awk '$1 == "USER" { print $2 }' | tail -n 1)
case "$user" in
    "") fail "the runtime stage sets no USER" ;;
    0|0:*|root|root:*) fail "the runtime stage runs as root ($user)" ;;
    [0-9]*) ;;
    *) fail "USER should be numeric (uid:gid) so that orchestrators can check it is not root (got $user)" ;;
esac
binary_path=$(destination_of '--from=build')
motd_path=$(destination_of ' motd.txt ')
[ "$binary_path" = /usr/local/bin/livepet ] || fail "expected the binary at /usr/local/bin/livepet, got '$binary_path'"
[ -n "$motd_path" ] || fail "the runtime stage copies no motd.txt"
# ENV: KEY=VALUE words without quotes or spaces, which is all this simulation reads.
image_env=()
while read -r word; do
    case "$word" in
        *=*) ;;
        *) fail "cannot simulate ENV word '$word' (use KEY=VALUE)" ;;
    esac
    case "$word" in
        *\"*|*\'*|*\$*) fail "cannot simulate ENV word '$word' (no quotes or variables)" ;;
    esac
    [[ "${word%%=*}" =~ ^[A-Z_][A-Z0-9_]*$ ]] || fail "unexpected ENV name in '$word'"
    image_env+=("$word")
done < <(printf '%s\n' "$stage" | awk '$1 == "ENV" { for (i = 2; i <= NF; i++) print $i }')
note "image ENV: ${image_env[*]:-(none)}; USER $user; binary $binary_path; MOTD $motd_path"

# ---- 4. run it like the image ----------------------------------------------------------
root=$(mktemp -d /tmp/livepet-image.XXXXXX)
server_pid=""
cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then kill -KILL "$server_pid" 2>/dev/null || true; fi
    rm -rf "$root"
}
trap cleanup EXIT
chmod 755 "$root"

# The image's user: numeric ids from the Dockerfile when free on this machine.
if [ "$(id -u)" = 0 ]; then
    run_user=livepet
    if ! id "$run_user" >/dev/null 2>&1; then
        uid=${user%%:*}
        ids=()
        if ! getent passwd "$uid" >/dev/null && ! getent group "$uid" >/dev/null; then
            groupadd --system --gid "$uid" "$run_user"
            ids=(--uid "$uid" --gid "$run_user")
        else
            ids=(--user-group)
        fi
        useradd --system --no-log-init "${ids[@]}" --home-dir /nonexistent --no-create-home \
            --shell /usr/sbin/nologin "$run_user"
    fi
    run_uid=$(id -u "$run_user")
    run_gid=$(id -g "$run_user")
    as_user=(setpriv --reuid="$run_uid" --regid="$run_gid" --clear-groups)
    # A new PID namespace makes the server PID 1, which gets no default signal actions:
    # SIGTERM works only because LivePet handles it, as in a container without an init.
    if unshare --pid --fork --kill-child true 2>/dev/null; then
        as_pid1=(unshare --pid --fork --kill-child)
    else
        as_pid1=()
        note "note: cannot create a PID namespace here; the server will not be PID 1"
    fi
else
    run_user=$(id -un)
    run_uid=$(id -u)
    run_gid=$(id -g)
    as_user=()
    as_pid1=()
    note "note: not root, so the server runs as $run_user and is not PID 1 (CI runs as root)"
fi
[ "$run_uid" != 0 ] || fail "the server must not run as root"

install -D -m 0755 "$binary" "$root$binary_path"
install -D -m 0644 motd.txt "$root$motd_path"
install -d -m 0755 "$root/data" "$root/cwd"   # cwd: empty and not writable, like / in the image
chown "$run_uid:$run_gid" "$root/data"
mapped_env=()
for word in "${image_env[@]}"; do
    key=${word%%=*}
    value=${word#*=}
    case "$value" in /*) value="$root$value" ;; esac
    mapped_env+=("$key=$value")
done
docker_env=(PATH="$root/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin" HOME=/nonexistent HOSTNAME=livepet-smoke)

log=""
port=""
start_server() {  # name [extra KEY=VALUE...]
    log="$root/$1.log"
    shift
    : > "$log"
    (
        cd "$root/cwd"
        exec "${as_pid1[@]}" "${as_user[@]}" env -i "${docker_env[@]}" "${mapped_env[@]}" LIVEPET_PORT=0 "$@" \
            livepet 2>"$log"
    ) &
    server_pid=$!
    port=""
    for _ in $(seq 1 300); do
        port=$(sed -n 's/.* event=listening .*port=\([0-9][0-9]*\).*/\1/p' "$log" | head -n 1)
        [ -n "$port" ] && break
        kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; fail "the server exited at start"; }
        sleep 0.1
    done
    [ -n "$port" ] || { cat "$log" >&2; fail "no listening line within 30 s"; }
    # The process to signal: livepet itself (the PID namespace's init), as `docker stop` does.
    target=$server_pid
    if [ ${#as_pid1[@]} -gt 0 ]; then
        target=""
        for _ in $(seq 1 50); do
            target=$(cat "/proc/$server_pid/task/$server_pid/children" 2>/dev/null | awk '{ print $1 }')
            [ -n "$target" ] && break
            sleep 0.1
        done
        [ -n "$target" ] || fail "cannot find the server inside its PID namespace"
        grep -q $'^NSpid:\t[0-9]*\t1$' "/proc/$target/status" || fail "the server is not PID 1 of its namespace"
    fi
    [ "$(stat -c %u "/proc/$target")" = "$run_uid" ] || fail "the server does not run as $run_user"
    note "server up as $run_user (uid $run_uid$([ ${#as_pid1[@]} -gt 0 ] && echo ', PID 1 in its namespace'), cwd empty) on port $port"
}

health_check() {  # the image's HEALTHCHECK, with its timeout, in the container's environment
    (cd "$root/cwd" && timeout 10 "${as_user[@]}" env -i "${docker_env[@]}" "${mapped_env[@]}" LIVEPET_PORT="$port" livepet check)
}

stop_server() {  # docker stop: SIGTERM to PID 1, then expect exit 0 and a final checkpoint
    kill -TERM "$target"
    status=""
    for _ in $(seq 1 150); do
        if ! kill -0 "$server_pid" 2>/dev/null; then
            wait "$server_pid" && status=0 || status=$?
            break
        fi
        sleep 0.1
    done
    [ -n "$status" ] || { cat "$log" >&2; fail "still running 15 s after SIGTERM"; }
    server_pid=""
    [ "$status" = 0 ] || { cat "$log" >&2; fail "exit status $status after SIGTERM (want 0)"; }
    grep -q ' event=checkpoint reason=shutdown ' "$log" || { cat "$log" >&2; fail "no final checkpoint (event=checkpoint reason=shutdown) in the log"; }
    grep -q ' event=stopped' "$log" || { cat "$log" >&2; fail "no stopped line in the log"; }
    note "SIGTERM: exit 0, $(grep -o 'event=checkpoint reason=shutdown.*' "$log")"
}

session() {  # lines... : a raw TCP client (like nc) that sends the lines and reads until closed
    local input=""
    for line in "$@"; do input+="$line"$'\r\n'; done
    timeout 15 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" && printf "%s" "$2" >&3 && cat <&3' _ "$port" "$input" | LC_ALL=C tr -cd '\11\12\40-\176' || true
}

motd_line=$(grep -m 1 -E '[[:alpha:]]{4}' motd.txt)

# Run 1: a fresh volume.
start_server first
health_check || { cat "$log" >&2; fail "livepet check failed against the running server"; }
output=$(session "create SmokeTest smoke-pass-1" "adopt Smokey cat" "quit")
printf '%s\n' "$output" | grep -qF "$motd_line" || fail "the MOTD file was not shown; got: $output"
grep -q ' event=account_created name=SmokeTest ' "$log" || { cat "$log" >&2; fail "the account was not created"; }
grep -q ' event=adopt owner=SmokeTest pet=Smokey ' "$log" || { cat "$log" >&2; fail "the pet was not adopted"; }
stop_server
[ -s "$root/data/livepet.sqlite" ] || fail "no database in the data volume"
if [ -n "$(ls -A "$root/cwd")" ]; then fail "the server wrote into its working directory: $(ls -A "$root/cwd")"; fi
if health_check >/dev/null 2>&1; then fail "livepet check passed with no server running"; fi
note "livepet check fails (non-zero) once the server is gone: OK"

# Run 2: the same volume, a MOTD mounted over the file, then given as a variable.
printf 'A replaced message of the day (mounted file).\n' > "$root$motd_path"
start_server second
grep -q ' event=world_loaded .*pets=1 ' "$log" || { cat "$log" >&2; fail "the restarted server did not load the pet from the data volume"; }
output=$(session "connect SmokeTest smoke-pass-1" "quit")
printf '%s\n' "$output" | grep -qF "A replaced message of the day (mounted file)." || fail "the mounted MOTD was not shown; got: $output"
grep -q ' event=login name=SmokeTest ' "$log" || { cat "$log" >&2; fail "the account from run 1 did not log in after the restart"; }
health_check >/dev/null || fail "livepet check failed on the restarted server"
stop_server
start_server third LIVEPET_MOTD_TEXT="Hello from LIVEPET_MOTD_TEXT"
output=$(session "quit")
printf '%s\n' "$output" | grep -qF "Hello from LIVEPET_MOTD_TEXT" || fail "LIVEPET_MOTD_TEXT was not shown; got: $output"
stop_server
note "restart keeps the data volume; MOTD replaced by a mounted file and by LIVEPET_MOTD_TEXT: OK"

# A data folder the user cannot write (a bind mount owned by root): one clear line, exit 1.
if [ "$run_uid" != "$(stat -c %u "$root")" ]; then
    install -d -m 0755 "$root/rodata"
    set +e
    message=$(cd "$root/cwd" && timeout 15 "${as_user[@]}" env -i "${docker_env[@]}" "${mapped_env[@]}" \
        LIVEPET_DB="$root/rodata/livepet.sqlite" LIVEPET_PORT=0 livepet 2>&1 >/dev/null)
    status=$?
    set -e
    [ "$status" != 0 ] && [ "$status" != 124 ] || fail "an unwritable data folder gave exit status $status"
    [ "$(printf '%s\n' "$message" | wc -l)" = 1 ] || fail "an unwritable data folder gave more than one line: $message"
    note "unwritable data folder: exit $status, \"$message\""
fi

note "PASS"
