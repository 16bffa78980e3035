#!/usr/bin/env bash
# Each folder of Sources/LivePet is a target; a file may import only the targets that
# Package.swift lists as its target's dependencies. (An import against the arrows is already
# a circular-dependency error; this also catches an import that leans on a dependency of a
# dependency, which SwiftPM accepts.)
set -euo pipefail
cd "$(dirname "$0")/.."
python3 - <<'PY'
import re, pathlib, sys
package = pathlib.Path("Package.swift").read_text()
allowed = {}
for name, deps, path in re.findall(r'\.target\(\s*name:\s*"(\w+)",\s*(?:dependencies:\s*\[([^\]]*)\],\s*)?path:\s*"([^"]+)"', package):
    allowed[path] = (name, set(re.findall(r'"(\w+)"', deps or "")))
ours = {name for name, _ in allowed.values()}
bad = 0
for path, (name, deps) in allowed.items():
    for file in sorted(pathlib.Path(path).glob("*.swift")):
        for number, line in enumerate(file.read_text().splitlines(), 1):
            m = re.match(r'\s*(?:@\w+\s+)*import\s+(\w+)', line)
            if m and m.group(1) in ours and m.group(1) not in deps:
                print(f"{file}:{number}: {name} imports {m.group(1)}, which is not among its dependencies in Package.swift")
                bad += 1
if len(allowed) < 7:
    print(f"layer-check: found only {len(allowed)} library targets in Package.swift"); sys.exit(1)
print(f"layer-check: {len(allowed)} targets, {'no' if bad == 0 else bad} imports outside their dependencies")
sys.exit(1 if bad else 0)
PY
