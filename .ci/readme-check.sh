#!/usr/bin/env bash
# README.md must keep up with the binary: every option `livepet --help` prints has a row in
# the configuration table (flag, variable and default on one line), and every player command
# in CommandCatalog.swift is named in the playing guide.
#
#   .ci/readme-check.sh BINARY
set -euo pipefail
binary=$(realpath "${1:?usage: .ci/readme-check.sh path/to/livepet}")
cd "$(dirname "$0")/.."
missing=0

# Option lines look like: "  --port N   TCP port ... [LIVEPET_PORT, default: 4000]"
while IFS=$'\t' read -r flag variable default; do
    [ "$default" = none ] && default="(none)"
    if ! grep -F -- "\`$flag" README.md | grep -F -- "\`$variable\`" | grep -qF -- "\`$default\`"; then
        echo "README.md: no configuration row with \`$flag ...\`, \`$variable\` and default \`$default\`" >&2
        missing=1
    fi
done < <("$binary" --help | sed -n 's/^ *\(--[a-z-]*\) .*\[\(LIVEPET_[A-Z_]*\), default: \(.*\)\]$/\1\t\2\t\3/p')

count=$("$binary" --help | grep -c '\[LIVEPET_' || true)
[ "$count" -gt 0 ] || { echo "readme-check: found no options in livepet --help" >&2; exit 1; }

# Commands: Command(name: "who", ...) entries in CommandCatalog.swift. Admin-only ones are documented too.
commands=$(grep -ho 'Command(name: "[a-z@_-]*"' Sources/LivePet/Session/*.swift | sed 's/.*"\(.*\)"/\1/' | sort -u)
for command in $commands; do
    if ! grep -qE "^\| \`$command( |\`)" README.md; then
        echo "README.md: the command \`$command\` has no row in the playing guide" >&2
        missing=1
    fi
done

[ "$missing" = 0 ] || { echo "readme-check: FAIL (update README.md)" >&2; exit 1; }
echo "readme-check: README documents all $count options and $(echo "$commands" | wc -w) commands"
