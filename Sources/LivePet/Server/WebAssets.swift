/// The browser client, compiled into the binary: the page (`/`), its script (`/app.js`) and
/// its style sheet (`/app.css`). Nothing is read from disk. The page has no inline script or
/// style, so it runs under `HTTPStage.contentSecurityPolicy`
/// (`default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'`,
/// and it may not be framed).
///
/// What the page speaks over `/ws` (one WebSocket text message each way per item):
/// - page → server: one line of input, exactly what a telnet player would type;
/// - server → page: a JSON object, `{"t":"text","d":"..."}` (output, ANSI SGR colours and
///   `\n` allowed), `{"t":"prompt","d":"..."}`, `{"t":"echo","d":true|false}` (false hides
///   what is typed) or `{"t":"gmcp","p":"Package.Name","d":<json>}` (docs/GMCP.md).
///
/// The species pictures are SVG symbols in the page (`WebAssets+Art.swift`), the script in
/// `WebAssets+Script.swift` and `WebAssets+Panels.swift`, the style in `WebAssets+Style.swift`.
public enum WebAssets {
    /// One resource the HTTP layer serves.
    public struct Asset: Sendable {
        public let path: String
        public let contentType: String
        public let body: String
    }

    /// Everything the page needs, by path.
    public static let all: [Asset] = [
        Asset(path: "/", contentType: "text/html; charset=utf-8", body: html),
        Asset(path: "/app.js", contentType: "text/javascript; charset=utf-8", body: js),
        Asset(path: "/app.css", contentType: "text/css; charset=utf-8", body: css),
    ]

    /// The asset served at `path` (no query string), or nil.
    public static func asset(at path: String) -> Asset? {
        all.first { $0.path == path }
    }

    /// The page: its head and body around the species' SVG symbols.
    public static let html = htmlHead + speciesSymbols + htmlBody

    /// The script: the connection and the scrollback, the demo mode, then the panels (which
    /// start the connection).
    public static let js = jsCore + jsDemo + jsPanels

    static let htmlHead = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="color-scheme" content="light dark">
<title>LivePet</title>
<link rel="stylesheet" href="/app.css">
<script src="/app.js" defer></script>
</head>
<body>

"""#

    static let htmlBody = #"""
<a class="skip" href="#input">Skip to the command line</a>
<header class="top">
  <h1 class="brand"><svg class="brand-paw" viewBox="0 0 120 120" aria-hidden="true" focusable="false"><use href="#sp-paw"></use></svg>LivePet</h1>
  <p id="me" class="me" hidden></p>
  <div class="conn">
    <p id="status" class="status" role="status" data-state="connecting">Connecting…</p>
    <button id="reconnect" class="small" type="button" hidden>Connect now</button>
  </div>
</header>
<main class="layout">
  <section class="room card" id="room" aria-labelledby="room-title">
    <div class="room-art">
      <svg id="pet-art" class="pet-art" viewBox="0 0 120 120" role="img" aria-labelledby="pet-art-label" focusable="false">
        <title id="pet-art-label">The Lobby</title>
        <use id="pet-art-use" href="#sp-lobby"></use>
      </svg>
      <span id="pet-badge" class="badge" hidden>In memoriam</span>
    </div>
    <div class="room-info">
      <h2 id="room-title" class="room-title">Lobby</h2>
      <p id="lobby-line" class="pet-line">Pick a pet to visit, or adopt one with <kbd>adopt &lt;name&gt; [species]</kbd>.</p>
      <p id="pet-line" class="pet-line" hidden></p>
      <div id="pet-stats" class="pet-stats" hidden>
        <dl class="facts">
          <div><dt>Owner</dt><dd id="pet-owner">–</dd></div>
          <div><dt>Age</dt><dd id="pet-age">–</dd></div>
        </dl>
        <div class="hunger">
          <span class="label" id="hunger-label">Hunger</span>
          <div id="hunger" class="bar" role="meter" aria-labelledby="hunger-label" aria-valuemin="0" aria-valuemax="500" aria-valuenow="0">
            <div id="hunger-fill" class="bar-fill"></div>
          </div>
          <span id="hunger-text" class="hunger-text" aria-hidden="true">0/500</span>
        </div>
        <p class="hearts"><span id="hearts" class="heart-row" aria-hidden="true"></span><span id="hearts-text" class="sr-only"></span></p>
      </div>
    </div>
    <p id="here" class="here">Nobody else is here.</p>
    <div class="actions" role="group" aria-label="Pet actions">
      <button id="btn-feed" type="button" data-cmd="feed" hidden>Feed</button>
      <button id="btn-treat" type="button" data-cmd="treat" hidden>Treat</button>
      <button id="btn-look" type="button" data-cmd="look">Look</button>
      <button id="btn-leave" type="button" data-cmd="leave" hidden>Leave</button>
    </div>
  </section>
  <section class="terminal" aria-label="Game">
    <div id="log" class="log" role="log" aria-live="polite" aria-relevant="additions" aria-label="Game messages" tabindex="0"></div>
    <form id="line" class="line" autocomplete="off">
      <label id="prompt" class="prompt" for="input">&gt;</label>
      <input id="input" class="input" type="text" name="line" autocomplete="off" autocapitalize="off" autocorrect="off" spellcheck="false" enterkeyhint="send" maxlength="2000">
      <button id="send" type="submit">Send</button>
    </form>
  </section>
  <section class="pets card" aria-labelledby="pets-title">
    <h2 id="pets-title">Active pets</h2>
    <p id="pets-empty" class="muted">No pets yet. Adopt one with <kbd>adopt &lt;name&gt; [species]</kbd>.</p>
    <ul id="pets" class="pet-list"></ul>
  </section>
  <section class="who card" aria-labelledby="who-title">
    <h2 id="who-title">Online <span id="who-count" class="count"></span></h2>
    <p id="who-empty" class="muted">Log in to see who is online.</p>
    <ul id="who" class="who-list"></ul>
  </section>
</main>
</body>
</html>

"""#
}
