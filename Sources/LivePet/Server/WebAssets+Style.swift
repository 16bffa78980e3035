extension WebAssets {
    /// The style sheet: a warm light theme (dark when the system is), the terminal in dark,
    /// one column on a phone, the 16 ANSI colours as `fg0`...`fg15` and `bg0`...`bg15`.
    static let css = #"""
:root {
  --bg: #fbf3e8; --bg2: #f3e3cf; --card: #ffffff; --ink: #2b2d42; --muted: #6b6f80; --line: #eadccb;
  --accent: #d9653b; --accent-ink: #ffffff; --sage: #4f9a78; --sun: #f2b134; --danger: #d63c4a;
  --term: #1d2030; --term-ink: #e8e3d3; --term-dim: #8a8fa6; --radius: 16px;
  --shadow: 0 1px 2px rgba(43, 45, 66, .06), 0 8px 24px rgba(43, 45, 66, .08);
  --mono: ui-monospace, "DejaVu Sans Mono", "Cascadia Mono", Menlo, Consolas, monospace;
}
@media (prefers-color-scheme: dark) {
  :root { --bg: #15161f; --bg2: #1c1e2b; --card: #222433; --ink: #ece8df; --muted: #a4a8bb; --line: #33364a;
    --term: #0f1018; --shadow: 0 1px 2px rgba(0, 0, 0, .3), 0 8px 24px rgba(0, 0, 0, .25); }
}
* { box-sizing: border-box; }
html, body { height: 100%; }
body {
  margin: 0; color: var(--ink); font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
  background: radial-gradient(circle at 10% 0%, var(--bg2), transparent 40%), radial-gradient(circle at 100% 100%, var(--bg2), transparent 45%), var(--bg);
  display: flex; flex-direction: column; min-height: 100vh; min-height: 100dvh;
}
.defs { position: absolute; width: 0; height: 0; overflow: hidden; }
.sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.skip { position: absolute; left: 8px; top: -48px; padding: 8px 12px; background: var(--accent); color: var(--accent-ink); border-radius: 8px; z-index: 10; }
.skip:focus { top: 8px; }
[hidden] { display: none !important; }
kbd { font-family: var(--mono); font-size: .88em; background: var(--bg2); border: 1px solid var(--line); border-radius: 5px; padding: 0 4px; }
h1, h2 { margin: 0; }
h2 { font-size: 1rem; letter-spacing: .02em; }
.muted { color: var(--muted); margin: 4px 0 0; font-size: .9rem; }

/* ---- header ---- */
.top { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; padding: 10px 16px; }
.brand { display: flex; align-items: center; gap: 8px; font-size: 1.35rem; font-weight: 800; letter-spacing: -.01em; }
.brand-paw { width: 28px; height: 28px; color: var(--accent); }
.me { margin: 0; color: var(--muted); }
.conn { margin-left: auto; display: flex; align-items: center; gap: 8px; }
.status { margin: 0; display: inline-flex; align-items: center; gap: 8px; padding: 4px 12px; border-radius: 999px; background: var(--card); box-shadow: var(--shadow); font-size: .9rem; }
.status::before { content: ""; width: 10px; height: 10px; border-radius: 50%; background: var(--sun); }
.status[data-state="open"]::before { background: var(--sage); }
.status[data-state="closed"]::before { background: var(--danger); }
.status[data-state="connecting"]::before { animation: pulse 1s infinite alternate; }
@keyframes pulse { from { opacity: .3; } to { opacity: 1; } }

/* ---- layout ---- */
.layout {
  flex: 1; min-height: 0; display: grid; gap: 14px; padding: 0 16px 16px;
  grid-template-columns: minmax(0, 1fr) minmax(320px, 380px);
  grid-template-rows: auto minmax(0, 1fr) auto;
  grid-template-areas: "term room" "term pets" "term who";
  height: calc(100dvh - 60px); min-height: 520px;
}
.card { background: var(--card); border-radius: var(--radius); box-shadow: var(--shadow); padding: 14px; min-width: 0; }
.room { grid-area: room; display: grid; grid-template-columns: 112px minmax(0, 1fr); gap: 6px 14px; align-items: start; }
.here, .actions { grid-column: 1 / -1; }
.terminal { grid-area: term; }
.pets { grid-area: pets; display: flex; flex-direction: column; min-height: 0; }
.who { grid-area: who; max-height: 26vh; overflow: auto; }

/* ---- the room's pet ---- */
.room-art { position: relative; }
.pet-art { width: 112px; height: 112px; display: block; border-radius: 50%; background: radial-gradient(circle at 50% 40%, #fff7e8, #f6dcc0); transition: filter .4s; }
.room.lobby .pet-art { background: radial-gradient(circle at 50% 40%, #eef7fb, #cfe6ee); }
.room.dead .pet-art { filter: grayscale(1) opacity(.65); }
.badge { position: absolute; left: 50%; bottom: -6px; transform: translateX(-50%); white-space: nowrap; font-size: .72rem; padding: 2px 8px; border-radius: 999px; background: var(--ink); color: var(--card); }
.room-title { font-size: 1.3rem; overflow-wrap: anywhere; }
.pet-line { margin: 0 0 6px; color: var(--muted); }
.facts { display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 0 0 8px; }
.facts div { display: flex; gap: 6px; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
.hunger { display: grid; grid-template-columns: auto minmax(60px, 1fr) auto; gap: 8px; align-items: center; }
.label, .hunger-text { font-size: .85rem; color: var(--muted); font-variant-numeric: tabular-nums; }
.bar { height: 12px; border-radius: 999px; background: var(--bg2); overflow: hidden; }
.bar-fill { height: 100%; width: 0; border-radius: inherit; background: var(--sage); transition: width .6s ease, background-color .6s; }
.bar[data-level="mid"] .bar-fill { background: var(--sun); }
.bar[data-level="high"] .bar-fill { background: var(--danger); }
.hearts { margin: 4px 0 0; }
.heart { font-size: 1.35rem; line-height: 1; color: var(--line); margin-right: 2px; }
.heart.on { color: var(--danger); }
.here { margin: 4px 0 0; font-size: .9rem; overflow-wrap: anywhere; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; }

/* ---- buttons ---- */
button { font: inherit; cursor: pointer; border: 0; border-radius: 999px; padding: 6px 14px; font-weight: 600; background: var(--bg2); color: var(--ink); }
button:hover { filter: brightness(.96); }
button:disabled { opacity: .5; cursor: not-allowed; }
button.small { padding: 4px 12px; font-size: .85rem; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
#btn-feed { background: var(--sage); color: #fff; }
#btn-treat { background: var(--sun); color: #3a2a00; }
#btn-leave, #btn-look { background: transparent; box-shadow: inset 0 0 0 2px var(--line); }
.count-badge { display: inline-block; min-width: 1.4em; margin-left: 6px; padding: 0 5px; border-radius: 999px; background: rgba(255, 255, 255, .6); font-size: .8em; text-align: center; }
#send, #reconnect { background: var(--accent); color: var(--accent-ink); }

/* ---- terminal ---- */
.terminal { display: flex; flex-direction: column; min-height: 0; background: var(--term); color: var(--term-ink); border-radius: var(--radius); box-shadow: var(--shadow); overflow: hidden; }
.log { flex: 1; min-height: 0; overflow-y: auto; padding: 12px 14px; font: 13.5px/1.4 var(--mono); white-space: pre-wrap; overflow-wrap: anywhere; }
.log:focus-visible { outline-offset: -3px; }
.ln { min-height: 1.4em; }
.ln.cmd { color: #f5c889; }
.cmd-prompt { color: var(--term-dim); }
.ln.note { color: var(--term-dim); font-style: italic; }
.ln.warn { color: #ff9e8a; }
.line { display: flex; align-items: center; gap: 8px; padding: 8px 10px; background: rgba(255, 255, 255, .05); border-top: 1px solid rgba(255, 255, 255, .08); }
.prompt { font: 13.5px var(--mono); color: #9ad3b5; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 45%; }
.input { flex: 1; min-width: 0; font: 15px var(--mono); color: var(--term-ink); background: rgba(0, 0, 0, .25); border: 1px solid rgba(255, 255, 255, .14); border-radius: 10px; padding: 8px 10px; }
.input:focus { outline: none; border-color: #9ad3b5; }
.line.secret .input { border-color: var(--sun); }
.line.secret .prompt::after { content: " (hidden)"; color: var(--sun); }
body[data-conn="closed"] .line { opacity: .6; }

/* ANSI: 0-7 normal, 8-15 bright; bold brightens 0-7. */
.fg0 { color: #4b5066; } .fg1 { color: #ff6b6b; } .fg2 { color: #7ed491; } .fg3 { color: #f5c451; }
.fg4 { color: #6fa8ff; } .fg5 { color: #e08ef5; } .fg6 { color: #5fd4e0; } .fg7 { color: #d8d4c8; }
.fg8 { color: #7a8099; } .fg9 { color: #ff8f8f; } .fg10 { color: #a3f0b2; } .fg11 { color: #ffe08a; }
.fg12 { color: #9cc4ff; } .fg13 { color: #f0b4ff; } .fg14 { color: #8ff0f5; } .fg15 { color: #ffffff; }
.bg0 { background: #000; } .bg1 { background: #a32b2b; } .bg2 { background: #2f7a3e; } .bg3 { background: #8a6a12; }
.bg4 { background: #2b4f9a; } .bg5 { background: #7a2f8a; } .bg6 { background: #1f7a85; } .bg7 { background: #bdb9ad; }
.bg8 { background: #4b5066; } .bg9 { background: #d14b4b; } .bg10 { background: #45a85a; } .bg11 { background: #c9a227; }
.bg12 { background: #4a78d1; } .bg13 { background: #a64fbd; } .bg14 { background: #35a8b5; } .bg15 { background: #eeeeee; }
.b { font-weight: 700; } .dim { opacity: .7; } .i { font-style: italic; } .u { text-decoration: underline; }

/* ---- pets and who ---- */
.pet-list, .who-list { list-style: none; margin: 8px 0 0; padding: 0; }
.pet-list { overflow-y: auto; min-height: 0; flex: 1; }
.pet-item { width: 100%; display: grid; grid-template-columns: 40px minmax(0, 1fr) auto auto; align-items: center; gap: 10px; text-align: left; background: transparent; border-radius: 12px; padding: 6px 8px; font-weight: 400; }
.pet-item:hover { background: var(--bg2); filter: none; }
.pet-item[aria-current="true"] { background: var(--bg2); box-shadow: inset 3px 0 0 var(--accent); }
.pet-item.dead .mini { filter: grayscale(1) opacity(.6); }
.mini { width: 40px; height: 40px; border-radius: 50%; background: var(--bg2); }
.pet-text { display: flex; flex-direction: column; min-width: 0; }
.pet-name { font-weight: 650; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.pet-meta { font-size: .8rem; color: var(--muted); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.pet-hearts { color: var(--danger); letter-spacing: 1px; font-size: .9rem; white-space: nowrap; }
.pet-item.dead .pet-hearts { color: var(--muted); }
.pill { font-size: .72rem; font-weight: 600; padding: 2px 8px; border-radius: 999px; background: var(--bg2); color: var(--muted); white-space: nowrap; }
.pet-item .pill { background: var(--sage); color: #fff; }
.who-list li { display: flex; align-items: baseline; gap: 8px; padding: 3px 0; border-bottom: 1px dashed var(--line); }
.who-list li:last-child { border-bottom: 0; }
.who-name { font-weight: 600; }
.who-where { color: var(--muted); font-size: .85rem; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; flex: 1; }
.count { color: var(--muted); font-weight: 400; }

/* ---- a phone ---- */
@media (max-width: 760px) {
  .top { padding: 8px 12px; gap: 6px 10px; }
  .brand { font-size: 1.15rem; }
  .me { order: 3; width: 100%; font-size: .85rem; }
  .layout { display: flex; flex-direction: column; height: auto; min-height: 0; padding: 0 10px 12px; gap: 10px; }
  .layout > * { flex-shrink: 0; }
  .room { grid-template-columns: 84px minmax(0, 1fr); gap: 10px; padding: 12px; }
  .pet-art { width: 84px; height: 84px; }
  .terminal { height: 62vh; height: 62dvh; min-height: 320px; }
  .log { font-size: 12.5px; padding: 10px; }
  .line { flex-wrap: wrap; gap: 6px 8px; }
  .prompt { flex-basis: 100%; max-width: none; font-size: 12px; }
  .actions button { flex: 1 1 auto; }
  .input { font-size: 16px; }
  .who { max-height: none; }
  .pet-list { max-height: 50vh; }
}
@media (prefers-reduced-motion: reduce) {
  * { transition: none !important; animation: none !important; }
}
"""#
}
