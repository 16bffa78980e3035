#!/usr/bin/env bash
# The documentation must keep up with the binary:
#   - every option `livepet --help` prints has a row in docs/CONFIGURATION.md (flag, variable
#     and default on one line);
#   - every player command has a row in docs/PLAYING.md, and every admin-only command a row
#     in docs/ADMIN.md (a row starts with "| `name" followed by a space or a backtick);
#   - README.md links to every page in docs/ (the pages below, and any other docs/*.md), and
#     every relative link in README.md and docs/*.md names a file that exists.
#
#   .ci/readme-check.sh BINARY
set -euo pipefail

# Where commands are registered. Adjust these three when the command registration moves.
#   COMMAND_SOURCES  the files to search (a glob, relative to the repository root).
#   COMMAND_PATTERN  a grep basic regex matching where a command is named; the name is the
#                    first "..." string in the match.
#   ADMIN_PATTERN    a grep basic regex for the mark that makes a command admin-only; it
#                    belongs to the command named last before it in the same file.
COMMAND_SOURCES='Sources/LivePet/Session/*.swift'
COMMAND_PATTERN='Command(name: "[a-z@_-]*"'
ADMIN_PATTERN='permission: \.admin'

# The pages README.md must link to (docs/NAME.md).
DOC_PAGES='PLAYING CONFIGURATION OPERATIONS ADMIN GMCP BENCHMARKS ARCHITECTURE'

binary=$(realpath "${1:?usage: .ci/readme-check.sh path/to/livepet}")
cd "$(dirname "$0")/.."
missing=0
fail() { echo "$*" >&2; missing=1; }

# Options. Lines look like: "  --port N   TCP port ... [LIVEPET_PORT, default: 4000]"
while IFS=$'\t' read -r flag variable default; do
    [ "$default" = none ] && default="(none)"
    if ! grep -F -- "\`$flag" docs/CONFIGURATION.md | grep -F -- "\`$variable\`" | grep -qF -- "\`$default\`"; then
        fail "docs/CONFIGURATION.md: no configuration row with \`$flag ...\`, \`$variable\` and default \`$default\`"
    fi
done < <("$binary" --help | sed -n 's/^ *\(--[a-z-]*\) .*\[\(LIVEPET_[A-Z_]*\), default: \(.*\)\]$/\1\t\2\t\3/p')

options=$("$binary" --help | grep -c '\[LIVEPET_' || true)
[ "$options" -gt 0 ] || { echo "readme-check: found no options in livepet --help" >&2; exit 1; }

# Commands: each name, and whether the admin mark follows it before the next name. Matches
# are ordered by their byte offset in the file (grep -ob), so the mark may be on the name's
# line or a later one.
player_commands=()
admin_commands=()
while IFS=$'\t' read -r name admin; do
    if [ "$admin" = 1 ]; then admin_commands+=("$name"); else player_commands+=("$name"); fi
done < <(
    # shellcheck disable=SC2086 # COMMAND_SOURCES is a glob
    for file in $COMMAND_SOURCES; do
        {
            grep -ob -e "$COMMAND_PATTERN" "$file" | sed 's/^\([0-9]*\):[^"]*"\([^"]*\)".*/\1\tname\t\2/' || true
            grep -ob -e "$ADMIN_PATTERN" "$file" | sed 's/^\([0-9]*\):.*/\1\tadmin\t/' || true
        } | sort -n | awk -F'\t' '
            function emit() { if (name != "") print name "\t" admin }
            $2 == "admin" { admin = 1; next }
            { emit(); name = $3; admin = 0 }
            END { emit() }'
    done | sort -u
)
[ "${#player_commands[@]}" -gt 0 ] || { echo "readme-check: found no commands ($COMMAND_PATTERN in $COMMAND_SOURCES)" >&2; exit 1; }
[ "${#admin_commands[@]}" -gt 0 ] || { echo "readme-check: found no admin commands ($ADMIN_PATTERN in $COMMAND_SOURCES)" >&2; exit 1; }

check_rows() { # FILE KIND COMMAND...
    local file=$1 kind=$2 command
    shift 2
    for command in "$@"; do
        grep -qE "^\| \`$command( |\`)" "$file" || fail "$file: the $kind command \`$command\` has no row"
    done
}
check_rows docs/PLAYING.md player "${player_commands[@]}"
check_rows docs/ADMIN.md admin "${admin_commands[@]}"

# README links to every page of docs/.
pages=()
for page in $DOC_PAGES; do pages+=("docs/$page.md"); done
for page in docs/*.md; do [[ " ${pages[*]} " == *" $page "* ]] || pages+=("$page"); done
for page in "${pages[@]}"; do
    [ -f "$page" ] || fail "$page: missing"
    grep -qF "]($page" README.md || fail "README.md: no link to $page"
done

# Relative links ("](path)" or "](path#anchor)") name files that exist.
for file in README.md docs/*.md; do
    while IFS= read -r target; do
        target=${target%%#*}
        [ -z "$target" ] && continue
        [ -e "$(dirname "$file")/$target" ] || fail "$file: the link to $target leads nowhere"
    done < <(grep -o '](\([^)]*\))' "$file" | sed 's/^](\(.*\))$/\1/' | grep -vE '^[a-z]+:' || true)
done

[ "$missing" = 0 ] || { echo "readme-check: FAIL (update README.md or the page in docs/ named above)" >&2; exit 1; }
echo "readme-check: docs document all $options options, ${#player_commands[@]} player and ${#admin_commands[@]} admin commands; README links all ${#pages[@]} pages"
