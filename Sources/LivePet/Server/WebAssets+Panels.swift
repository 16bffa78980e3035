extension WebAssets {
    /// The panels (the room's pet, the active pets, who is online), filled from GMCP, and the
    /// `?demo` mode that replays canned messages without a server (for looking at the page).
    static let jsPanels = #"""
(function () {
  const SPECIES = ["cat", "crab", "dog", "fish", "fox", "phoenix", "rabbit", "sea_turtle", "totoro"];
  const SVG_NS = "http://www.w3.org/2000/svg";
  const $ = (id) => document.getElementById(id);
  const state = { me: "", room: null, pet: null, pets: [], petsKnown: false, here: null, online: null, treats: null };

  const str = (v, max) => (typeof v === "string" ? v.slice(0, max || 200) : "");
  const num = (v) => (typeof v === "number" && isFinite(v) ? Math.round(v) : 0);
  const clamp = (v, lo, hi) => Math.max(lo, Math.min(hi, v));
  const known = (s) => SPECIES.indexOf(s) >= 0;
  const speciesName = (s) => (known(s) ? s.replace("_", " ") : "pet");
  const same = (a, b) => a.toLowerCase() === b.toLowerCase();

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function make(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function picture(species, cls) {
    const svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 120 120");
    svg.setAttribute("class", cls);
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    const use = document.createElementNS(SVG_NS, "use");
    use.setAttribute("href", "#sp-" + (known(species) ? species : "paw"));
    svg.appendChild(use);
    return svg;
  }
  function heartCount(p) {
    if (typeof p.hearts === "number") return clamp(Math.round(p.hearts), 0, 5);
    return clamp(Math.ceil((p.maxHunger - p.hunger) / 100), 0, 5);
  }
  function heartText(n) { return "♥".repeat(n) + "♡".repeat(5 - n); }

  function normalisePet(d) {
    if (!d || typeof d !== "object") return null;
    const p = {
      id: num(d.id), name: str(d.name), species: str(d.species, 20), owner: str(d.owner, 60),
      age: num(d.age), hunger: num(d.hunger), maxHunger: num(d.maxHunger) || 500,
      alive: d.alive !== false, mood: str(d.mood, 40), visitors: num(d.visitors)
    };
    if (typeof d.hearts === "number") p.hearts = d.hearts;
    if (typeof d.hunger !== "number") p.hunger = p.alive ? 0 : p.maxHunger;
    p.hearts = heartCount(p);
    return p.name === "" ? null : p;
  }

  // ---- the room --------------------------------------------------------------------
  function renderRoom() {
    const room = state.room, pet = state.pet;
    const lobby = !room || room.num === 0;
    const shown = !lobby && pet && pet.id === room.num ? pet : null;
    $("room").classList.toggle("dead", !!shown && !shown.alive);
    $("room").classList.toggle("lobby", lobby);
    $("room-title").textContent = lobby ? "Lobby" : shown ? shown.name : room.name;
    $("pet-art-use").setAttribute("href", lobby ? "#sp-lobby" : shown && known(shown.species) ? "#sp-" + shown.species : "#sp-paw");
    $("pet-art-label").textContent = lobby ? "The Lobby" : shown ? shown.name + " the " + speciesName(shown.species) : room.name;
    $("pet-badge").hidden = !shown || shown.alive;
    $("pet-stats").hidden = !shown;
    $("lobby-line").hidden = !lobby;
    $("pet-line").hidden = lobby;
    if (!shown) $("pet-line").textContent = "Looking around…";
    else $("pet-line").textContent = "The " + speciesName(shown.species) + (shown.alive ? ", " + shown.mood + "." : ", resting in peace.");
    if (shown) {
      $("pet-owner").textContent = shown.owner;
      $("pet-age").textContent = shown.age + (shown.age === 1 ? " tick" : " ticks");
      const pct = clamp(shown.hunger / shown.maxHunger, 0, 1);
      const bar = $("hunger");
      bar.setAttribute("aria-valuemax", String(shown.maxHunger));
      bar.setAttribute("aria-valuenow", String(shown.hunger));
      bar.setAttribute("aria-valuetext", shown.hunger + " of " + shown.maxHunger + (pct >= 0.7 ? ", very hungry" : pct >= 0.4 ? ", hungry" : ", well fed"));
      bar.dataset.level = pct >= 0.7 ? "high" : pct >= 0.4 ? "mid" : "low";
      $("hunger-fill").style.width = (pct * 100).toFixed(1) + "%";
      $("hunger-text").textContent = shown.hunger + "/" + shown.maxHunger;
      const row = $("hearts");
      clear(row);
      for (let k = 0; k < 5; k++) row.appendChild(make("span", k < shown.hearts ? "heart on" : "heart", k < shown.hearts ? "♥" : "♡"));
      $("hearts-text").textContent = shown.hearts + " of 5 hearts";
    }
    const mine = !!shown && (state.me === "" || same(shown.owner, state.me));
    $("btn-feed").hidden = !shown || !shown.alive || !mine;
    $("btn-treat").hidden = !shown || !shown.alive;
    const treat = $("btn-treat");
    treat.textContent = "Treat";
    if (state.treats !== null) {
      treat.appendChild(make("span", "count-badge", String(state.treats)));
      treat.setAttribute("aria-label", "Treat (" + state.treats + (state.treats === 1 ? " treat" : " treats") + " left)");
    } else treat.removeAttribute("aria-label");
    treat.disabled = state.treats === 0;
    $("btn-leave").hidden = lobby;
    renderHere(lobby, shown);
  }

  function renderHere(lobby, shown) {
    const here = $("here");
    if (state.here) {
      const others = state.here.filter((n) => state.me === "" || !same(n, state.me));
      const list = others.slice(0, 30).join(", ") + (others.length > 30 ? " and " + (others.length - 30) + " more" : "");
      here.textContent = others.length === 0 ? "Nobody else is here." : (lobby ? "In the Lobby: " : "Visiting: ") + list + ".";
    } else if (shown) {
      const others = Math.max(0, shown.visitors - 1);
      here.textContent = others === 0 ? "Nobody else is visiting." : others + (others === 1 ? " other visitor." : " other visitors.");
    } else here.textContent = "";
    here.hidden = here.textContent === "";
  }

  // ---- active pets and who is online -----------------------------------------------
  function renderPets() {
    const list = $("pets");
    clear(list);
    const pets = state.pets.slice().sort((a, b) =>
      (b.alive - a.alive) || (b.visitors - a.visitors) || a.name.localeCompare(b.name));
    for (const p of pets.slice(0, 200)) {
      const item = make("li");
      const button = make("button", "pet-item");
      button.type = "button";
      const here = state.room && state.room.num === p.id;
      if (here) button.setAttribute("aria-current", "true");
      if (!p.alive) button.classList.add("dead");
      const health = p.alive ? p.hearts + " of 5 hearts" : "dead";
      button.setAttribute("aria-label", (here ? "Here: " : "Visit ") + p.name + ", " + speciesName(p.species) + " of " + p.owner + ", " + health + (p.visitors > 0 ? ", " + p.visitors + " visiting" : ""));
      button.appendChild(picture(p.species, "mini"));
      const text = make("span", "pet-text");
      text.appendChild(make("span", "pet-name", p.name));
      text.appendChild(make("span", "pet-meta", speciesName(p.species) + " · " + p.owner));
      button.appendChild(text);
      button.appendChild(make("span", "pet-hearts", p.alive ? heartText(p.hearts) : "✿"));
      if (p.visitors > 0) button.appendChild(make("span", "pill", p.visitors + " visiting"));
      button.addEventListener("click", () => LivePet.send(p.id > 0 ? "visit #" + p.id : "visit " + p.name));
      item.appendChild(button);
      list.appendChild(item);
    }
    $("pets-empty").hidden = pets.length > 0;
  }

  function renderWho() {
    const list = $("who");
    clear(list);
    const people = state.online || [];
    for (const person of people.slice(0, 300)) {
      const item = make("li", person.afk ? "afk" : "");
      item.appendChild(make("span", "who-name", person.name + (state.me !== "" && same(person.name, state.me) ? " (you)" : "")));
      if (person.where) item.appendChild(make("span", "who-where", person.where));
      if (person.afk) item.appendChild(make("span", "pill", "AFK"));
      list.appendChild(item);
    }
    // The server sends at most 200 players (docs/GMCP.md): a full list means "or more".
    $("who-count").textContent = state.online ? "(" + people.length + (people.length >= 200 ? "+" : "") + ")" : "";
    $("who-empty").hidden = !!state.online;
  }

  // ---- GMCP -------------------------------------------------------------------------
  LivePet.gmcp = function (pkg, d) {
    switch (pkg.toLowerCase()) {
      case "char.name":
        state.me = d && typeof d === "object" ? str(d.name, 60) : "";
        $("me").textContent = state.me === "" ? "" : "Playing as " + state.me;
        $("me").hidden = state.me === "";
        renderRoom(); renderWho();
        break;
      case "char.status":
        if (d && typeof d.treats === "number") { state.treats = clamp(num(d.treats), 0, 99); renderRoom(); }
        break;
      case "room.info":
        if (!d || typeof d !== "object") return;
        state.room = { num: num(d.num), name: str(d.name) };
        if (state.pet && state.pet.id !== state.room.num) state.pet = null;
        state.here = null;
        renderRoom(); renderPets();
        break;
      case "room.players":
        if (Array.isArray(d)) { state.here = d.filter((n) => typeof n === "string").map((n) => n.slice(0, 60)); renderRoom(); }
        break;
      case "pet.status": {
        const p = normalisePet(d);
        if (!p) return;
        if (!state.room || state.room.num === p.id) state.pet = p;
        const k = state.pets.findIndex((q) => q.id === p.id);
        if (k >= 0) { state.pets[k] = p; renderPets(); }
        renderRoom();
        break;
      }
      case "pet.list":
        if (!Array.isArray(d)) return;
        state.pets = d.map(normalisePet).filter((p) => p !== null);
        state.petsKnown = true;
        renderPets();
        break;
      case "players.online":
        if (!Array.isArray(d)) return;
        state.online = d.map((x) => (typeof x === "string" ? { name: x.slice(0, 60) } : x && typeof x === "object"
          ? { name: str(x.name, 60), where: str(x.where, 80), afk: x.afk === true } : null)).filter((x) => x && x.name !== "");
        renderWho();
        break;
      default:
        break;
    }
  };

  LivePet.disconnected = function () {
    state.room = null; state.pet = null; state.here = null; state.treats = null;
    renderRoom();
    renderPets();
  };

  for (const button of document.querySelectorAll("button[data-cmd]")) {
    button.addEventListener("click", () => LivePet.send(button.dataset.cmd));
  }

  renderRoom(); renderPets(); renderWho();
  LivePet.start();
})();

"""#
}
