#!/usr/bin/env bash
# Look at the browser client without the server: compiles the page's assets
# (Sources/LivePet/Server/WebAssets*.swift, which import nothing) into a tiny program that
# writes them to a temporary folder, then serves that folder on 127.0.0.1 with the
# Content-Security-Policy the server will send, so a CSP violation shows in the browser's
# console. Open http://127.0.0.1:PORT/?demo for canned messages (no WebSocket), or / to see
# the page try to connect and back off.
#
#   docs/web/preview.sh [port]          serve (default port 8765)
#   docs/web/preview.sh --dump DIR      only write index.html, app.js and app.css to DIR
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/livepet-web.XXXXXX")"
trap 'rm -rf "$work"' EXIT

cat > "$work/main.swift" <<'SWIFT'
import Foundation
let dir = CommandLine.arguments[1]
for asset in WebAssets.all {
    let name = asset.path == "/" ? "index.html" : String(asset.path.dropFirst())
    try asset.body.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
}
SWIFT
swiftc -O -o "$work/dump" "$root"/Sources/LivePet/Server/WebAssets*.swift "$work/main.swift"

if [ "${1:-}" = "--dump" ]; then
    mkdir -p "$2"
    "$work/dump" "$2"
    echo "wrote $2/index.html, app.js, app.css"
    exit 0
fi

port="${1:-8765}"
mkdir "$work/site"
"$work/dump" "$work/site"
echo "serving http://127.0.0.1:$port/?demo (Ctrl-C stops)"
cd "$work/site"
python3 - "$port" <<'PY'
import http.server, sys
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
class Handler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self):
        if self.path.split("?")[0] == "/":
            self.path = "/index.html"
        super().do_GET()
    def end_headers(self):
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Cache-Control", "no-store")
        super().end_headers()
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
PY
