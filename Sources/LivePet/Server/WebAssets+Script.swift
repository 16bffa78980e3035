extension WebAssets {
    /// The connection, the scrollback and the input line. Text from the server only ever
    /// becomes text nodes (`textContent`, `createTextNode`): the script never parses HTML.
    static let jsCore = #"""
"use strict";
(function () {
  const MAX_LINES = 2000, MAX_HISTORY = 100, MIN_DELAY = 1000, MAX_DELAY = 30000;
  const $ = (id) => document.getElementById(id);
  const log = $("log"), form = $("line"), input = $("input"), promptEl = $("prompt");
  const statusEl = $("status"), reconnectBtn = $("reconnect");
  const demo = /[?&]demo\b/.test(location.search);
  let ws = null, delay = MIN_DELAY, retryTimer = 0, countdownTimer = 0, retryAt = 0;
  let hidden = false, quitting = false, everOpen = false, openLine = null;
  const style = { fg: -1, bg: -1, bold: false, dim: false, italic: false, under: false, reverse: false };
  const history = [];
  let historyPos = 0, draft = "";

  // ---- scrollback -------------------------------------------------------------------
  // Follows new lines while the reader is at the bottom; stays put while they scroll back.
  let stick = true;
  function nearBottom() { return log.scrollHeight - log.scrollTop - log.clientHeight < 40; }
  function follow() { if (stick) log.scrollTop = log.scrollHeight; }
  log.addEventListener("scroll", () => { stick = nearBottom(); });
  if (window.ResizeObserver) new ResizeObserver(follow).observe(log);

  function newLine(cls) {
    const div = document.createElement("div");
    div.className = cls ? "ln " + cls : "ln";
    log.appendChild(div);
    while (log.childElementCount > MAX_LINES) log.removeChild(log.firstElementChild);
    return div;
  }

  function styleClass() {
    let fg = style.fg, bg = style.bg;
    if (style.reverse) { const f = fg; fg = bg < 0 ? 0 : bg; bg = f < 0 ? 7 : f; }
    if (style.bold && fg >= 0 && fg < 8) fg += 8;
    const c = [];
    if (fg >= 0) c.push("fg" + fg);
    if (bg >= 0) c.push("bg" + bg);
    if (style.bold) c.push("b");
    if (style.dim) c.push("dim");
    if (style.italic) c.push("i");
    if (style.under) c.push("u");
    return c.join(" ");
  }

  function sgr(params) {
    const codes = params === "" ? [0] : params.split(";").map((p) => (p === "" ? 0 : parseInt(p, 10)));
    for (let k = 0; k < codes.length; k++) {
      const n = codes[k];
      if (n === 0) { style.fg = -1; style.bg = -1; style.bold = style.dim = style.italic = style.under = style.reverse = false; }
      else if (n === 1) style.bold = true;
      else if (n === 2) style.dim = true;
      else if (n === 3) style.italic = true;
      else if (n === 4) style.under = true;
      else if (n === 7) style.reverse = true;
      else if (n === 22) { style.bold = false; style.dim = false; }
      else if (n === 23) style.italic = false;
      else if (n === 24) style.under = false;
      else if (n === 27) style.reverse = false;
      else if (n >= 30 && n <= 37) style.fg = n - 30;
      else if (n === 39) style.fg = -1;
      else if (n >= 40 && n <= 47) style.bg = n - 40;
      else if (n === 49) style.bg = -1;
      else if (n >= 90 && n <= 97) style.fg = n - 82;
      else if (n >= 100 && n <= 107) style.bg = n - 92;
      else if (n === 38 || n === 48) k += codes[k + 1] === 5 ? 2 : codes[k + 1] === 2 ? 4 : 0;
    }
  }

  function appendRun(text) {
    if (text === "") return;
    if (!openLine) openLine = newLine();
    const cls = styleClass();
    if (cls === "") { openLine.appendChild(document.createTextNode(text)); return; }
    const span = document.createElement("span");
    span.className = cls;
    span.textContent = text;
    openLine.appendChild(span);
  }

  // Control characters other than tab and line feed, and escapes that are not SGR, go.
  const ESCAPES = /\x1b\[([0-9;:?<=>]*)([ -\/]*)([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[ -\/]*[0-~]?|[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f\u0080-\u009f]/g;

  function writeSegment(text) {
    let last = 0, m;
    ESCAPES.lastIndex = 0;
    while ((m = ESCAPES.exec(text)) !== null) {
      appendRun(text.slice(last, m.index));
      if (m[3] === "m" && m[2] === "" && /^[0-9;]*$/.test(m[1])) sgr(m[1]);
      last = ESCAPES.lastIndex;
    }
    appendRun(text.slice(last));
  }

  function write(text) {
    const parts = String(text).replace(/\r\n?/g, "\n").split("\n");
    for (let k = 0; k < parts.length; k++) {
      if (k > 0) { if (!openLine) newLine(); openLine = null; }
      writeSegment(parts[k]);
    }
    follow();
  }

  function note(text, cls) {
    openLine = null;
    newLine(cls || "note").textContent = text;
    follow();
  }

  function stripped(text) { return String(text).replace(ESCAPES, ""); }

  // ---- the connection -------------------------------------------------------------
  function setStatus(state, text) {
    statusEl.dataset.state = state;
    statusEl.textContent = text;
    reconnectBtn.hidden = state !== "closed";
    document.body.dataset.conn = state;
  }

  function send(line) {
    if (!demo && (!ws || ws.readyState !== 1)) { note("Not connected: your line was not sent.", "note warn"); return false; }
    if (!hidden && /^\s*quit\s*$/i.test(line)) quitting = true;
    if (demo) setTimeout(() => LivePet.demoInput(line, receive), 150);
    else ws.send(line);
    if (!hidden) {
      const echoed = newLine("cmd");
      const p = document.createElement("span");
      p.className = "cmd-prompt";
      p.textContent = promptEl.textContent + " ";
      echoed.appendChild(p);
      echoed.appendChild(document.createTextNode(line));
      openLine = null;
      stick = true;
      follow();
    }
    return true;
  }

  function setEcho(on) {
    hidden = !on;
    input.type = hidden ? "password" : "text";
    input.autocomplete = hidden ? "current-password" : "off";
    form.classList.toggle("secret", hidden);
    historyPos = history.length;
  }

  function setPrompt(text) {
    const plain = stripped(text).replace(/\s+$/, "");
    promptEl.textContent = plain === "" ? ">" : plain;
  }

  function receive(raw) {
    let msg;
    try { msg = JSON.parse(raw); } catch (e) { return; }
    if (!msg || typeof msg !== "object") return;
    if (msg.t === "text" && typeof msg.d === "string") write(msg.d);
    else if (msg.t === "prompt" && typeof msg.d === "string") setPrompt(msg.d);
    else if (msg.t === "echo") setEcho(msg.d !== false);
    else if (msg.t === "gmcp" && typeof msg.p === "string") LivePet.gmcp(msg.p, msg.d);
  }

  function scheduleReconnect() {
    clearTimeout(retryTimer); clearInterval(countdownTimer);
    if (quitting) { setStatus("closed", "Disconnected. Goodbye!"); return; }
    retryAt = Date.now() + delay;
    const tick = () => {
      const s = Math.max(0, Math.ceil((retryAt - Date.now()) / 1000));
      setStatus("closed", "Disconnected. Reconnecting in " + s + " s…");
    };
    tick();
    countdownTimer = setInterval(tick, 1000);
    retryTimer = setTimeout(connect, delay);
    delay = Math.min(MAX_DELAY, delay * 2);
  }

  function connect() {
    clearTimeout(retryTimer); clearInterval(countdownTimer);
    if (ws) { ws.onclose = null; try { ws.close(); } catch (e) { /* already closed */ } }
    quitting = false;
    setStatus("connecting", "Connecting…");
    let sock;
    try {
      sock = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws");
    } catch (e) { scheduleReconnect(); return; }
    ws = sock;
    sock.onopen = () => { delay = MIN_DELAY; everOpen = true; setStatus("open", "Connected"); };
    sock.onmessage = (event) => { if (typeof event.data === "string") receive(event.data); };
    sock.onclose = () => {
      if (ws !== sock) return;
      ws = null;
      if (everOpen) note(quitting ? "Disconnected." : "Connection lost.");
      everOpen = false;
      setEcho(true);
      setPrompt("");
      openLine = null;
      LivePet.disconnected();
      scheduleReconnect();
    };
  }

  // ---- the input line -------------------------------------------------------------
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const line = input.value;
    if (!send(line)) return;
    if (!hidden && line.trim() !== "" && history[history.length - 1] !== line) {
      history.push(line);
      if (history.length > MAX_HISTORY) history.shift();
    }
    historyPos = history.length;
    draft = "";
    input.value = "";
  });

  input.addEventListener("keydown", (event) => {
    if (hidden) return;
    if (event.key === "ArrowUp" && historyPos > 0) {
      if (historyPos === history.length) draft = input.value;
      historyPos--;
      input.value = history[historyPos];
    } else if (event.key === "ArrowDown" && historyPos < history.length) {
      historyPos++;
      input.value = historyPos === history.length ? draft : history[historyPos];
    } else if (event.key === "PageUp" || event.key === "PageDown") {
      log.scrollTop += (event.key === "PageUp" ? -1 : 1) * log.clientHeight * 0.9;
    } else return;
    event.preventDefault();
    const end = input.value.length;
    input.setSelectionRange(end, end);
  });

  log.addEventListener("mouseup", () => {
    const sel = window.getSelection();
    if (!sel || sel.isCollapsed) input.focus({ preventScroll: true });
  });

  reconnectBtn.addEventListener("click", () => { delay = MIN_DELAY; connect(); });

  window.LivePet = {
    send: send, note: note, stripped: stripped,
    gmcp: function () {}, disconnected: function () {},
    start: function () {
      if (demo) { setStatus("open", "Demo: no server"); LivePet.demo(receive); }
      else connect();
    }
  };
})();

"""#
}
