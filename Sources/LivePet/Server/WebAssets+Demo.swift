extension WebAssets {
    /// `/?demo`: no WebSocket; canned messages in the protocol's own form (the same `receive`
    /// the socket feeds), a tick every few seconds, and a few commands answered (feed, treat,
    /// visit, leave, look, say). For looking at the page and for screenshots.
    static let jsDemo = #"""
(function () {
  const B = "\x1b[1m", R = "\x1b[0m", DIM = "\x1b[2m", RED = "\x1b[31m", GRN = "\x1b[32m", YEL = "\x1b[33m", CYN = "\x1b[36m", MAG = "\x1b[35m";
  const me = "Alice";
  let treats = 5, room = 0, timer = 0, deliver = null;
  const pets = [
    { id: 12, name: "Whiskers", species: "cat", owner: "Alice", age: 41, hunger: 455, alive: true, visitors: 0 },
    { id: 3, name: "Bubbles", species: "fish", owner: "Bob", age: 220, hunger: 120, alive: true, visitors: 1 },
    { id: 7, name: "Rusty", species: "fox", owner: "Carol", age: 97, hunger: 260, alive: true, visitors: 0 },
    { id: 9, name: "Ember", species: "phoenix", owner: "Dana", age: 512, hunger: 40, alive: true, visitors: 0 },
    { id: 15, name: "Shelly", species: "sea_turtle", owner: "Bob", age: 1030, hunger: 310, alive: true, visitors: 0 },
    { id: 21, name: "Clawdia", species: "crab", owner: "Eve", age: 12, hunger: 60, alive: true, visitors: 0 },
    { id: 22, name: "Biscuit", species: "dog", owner: "Carol", age: 300, hunger: 180, alive: true, visitors: 0 },
    { id: 30, name: "Thumper", species: "rabbit", owner: "Alice", age: 77, hunger: 390, alive: true, visitors: 0 },
    { id: 31, name: "Mei", species: "totoro", owner: "Satsuki", age: 8, hunger: 15, alive: true, visitors: 0 },
    { id: 2, name: "Old Tom", species: "cat", owner: "Bob", age: 10000, hunger: 500, alive: false, visitors: 0 }
  ];
  const hearts = (p) => Math.max(0, Math.min(5, Math.ceil((500 - p.hunger) / 100)));
  const mood = (p) => !p.alive ? "at peace" : ["desperate for food", "starving", "hungry", "content", "happy", "overjoyed"][hearts(p)];
  const status = (p) => ({ id: p.id, name: p.name, species: p.species, owner: p.owner, age: p.age, hunger: p.hunger,
    maxHunger: 500, hearts: hearts(p), alive: p.alive, mood: mood(p), visitors: p.visitors });
  const heartText = (p) => RED + "♥".repeat(hearts(p)) + "♡".repeat(5 - hearts(p)) + R;
  const here = () => pets.find((p) => p.id === room);
  const send = (obj) => deliver(JSON.stringify(obj));
  const text = (d) => send({ t: "text", d: d });
  const gmcp = (p, d) => send({ t: "gmcp", p: p, d: d });
  const prompt = () => send({ t: "prompt", d: "[" + (here() ? here().name + "'s room" : "Lobby") + ", " + treats + " treats] > " });

  function lists() {
    gmcp("Pet.List", pets.map((p) => ({ id: p.id, name: p.name, species: p.species, owner: p.owner, alive: p.alive, hearts: hearts(p), visitors: p.visitors + (p.id === room ? 1 : 0) })));
    gmcp("Players.Online", [{ name: "Alice", where: here() ? here().name + "'s room" : "Lobby" }, { name: "Bob", where: "Bubbles's room" },
      { name: "Carol", where: "Lobby", afk: true }, { name: "Guest-1004", where: "Lobby" }]);
    gmcp("Char.Status", { treats: treats });
  }

  function enter(p) {
    room = p ? p.id : 0;
    gmcp("Room.Info", { num: room, name: p ? p.name + "'s room" : "Lobby", area: "LivePet", exits: {} });
    if (p) {
      p.visitors = 1;
      gmcp("Pet.Status", status(p));
      gmcp("Room.Players", p.id === 3 ? ["Alice", "Bob"] : ["Alice"]);
      look();
    } else {
      gmcp("Room.Players", ["Alice", "Carol", "Guest-1004"]);
      text("You are in the " + B + "Lobby" + R + ". Carol and Guest-1004 are here.\n");
    }
    lists();
    prompt();
  }

  function look() {
    const p = here();
    if (!p) { text("You are in the " + B + "Lobby" + R + ".\n"); return; }
    text("This is " + B + p.name + R + " the " + p.species.replace("_", " ") + " (#" + p.id + "), cared for by " + p.owner + ".\n" +
      (p.alive ? "Age " + p.age.toLocaleString("en-US") + (p.age === 1 ? " tick" : " ticks") + ", hunger " + p.hunger + "/500, " + heartText(p) + ", " + mood(p) + ".\n"
        : "Here rests " + p.name + ", who lived " + Math.min(p.age, 10000).toLocaleString("en-US") + " ticks. A quiet memorial; flowers lie by the door.\n"));
  }

  function tick() {
    for (const p of pets) if (p.alive) { p.age++; p.hunger = Math.min(500, p.hunger + 5); }
    const p = here();
    if (p && p.alive) {
      text(DIM + "[" + R + B + p.name + R + DIM + "]" + R + " age " + p.age + ", hunger " + p.hunger + "/500, " + heartText(p) + " " + mood(p) + "\n");
      gmcp("Pet.Status", status(p));
      prompt();
    }
  }

  function feed(p, amount, verb) {
    p.hunger = Math.max(0, p.hunger - amount);
    text(CYN + me + R + " " + verb + " " + p.name + ". " + p.name + " is " + mood(p) + " (hunger " + p.hunger + "/500, " + heartText(p) + ").\n");
    gmcp("Pet.Status", status(p));
  }

  LivePet.demoInput = function (line) {
    const words = line.trim().split(/\s+/), verb = (words[0] || "").toLowerCase(), rest = line.trim().slice(verb.length).trim();
    const p = here();
    if (verb === "feed" && p && p.alive && p.owner === me) feed(p, 100, "feeds");
    else if (verb === "feed") text("Only a pet's owner can feed it.\n");
    else if (verb === "treat" && p && p.alive && treats > 0) { treats--; feed(p, 20, "gives a treat to"); gmcp("Char.Status", { treats: treats }); }
    else if (verb === "treat") text(treats === 0 ? "You have no treats left.\n" : "Visit a live pet first.\n");
    else if (verb === "leave") { if (p) p.visitors = 0; text("You go back to the Lobby.\n"); enter(null); return; }
    else if (verb === "visit" || verb === "go") {
      const key = rest.replace(/^#/, "").toLowerCase();
      const q = pets.find((x) => String(x.id) === key || x.name.toLowerCase() === key);
      if (q) { if (p) p.visitors = 0; enter(q); return; }
      text("No pet called " + rest + ".\n");
    } else if (verb === "look" || verb === "l") look();
    else if (verb === "say" || line.startsWith("'")) text(GRN + "You say, \"" + (verb === "say" ? rest : line.slice(1)) + "\"" + R + "\n");
    else if (verb !== "") text("Demo mode: try feed, treat, visit <pet>, leave, look or say.\n");
    prompt();
  };

  LivePet.demo = function (receive) {
    deliver = receive;
    const banner = "\n" + YEL + "   _     _           ____      _\n  | |   (_)_   _____|  _ \\ ___| |_\n  | |   | \\ \\ / / _ \\ |_) / _ \\ __|\n" +
      "  | |___| |\\ V /  __/  __/  __/ |_\n  |_____|_| \\_/ \\___|_|   \\___|\\__|" + R + "\n\n" +
      "  Welcome to LivePet: adopt a pet, visit your friends' pets, feed them,\n  give treats and chat.\n\n";
    text(banner);
    text("Welcome back, " + B + me + R + "! Type \"help\" for commands.\n");
    gmcp("Char.Name", { name: me, fullname: me });
    enter(null);
    text(MAG + "[chat] Bob: " + R + "anyone seen Whiskers today? she looked hungry\n");
    enter(pets[0]);
    text(CYN + "Bob" + R + " arrives.\n");
    gmcp("Room.Players", ["Alice", "Bob"]);
    pets[0].visitors = 2;
    gmcp("Pet.Status", status(pets[0]));
    text(GRN + "Bob says, \"" + R + "hi Alice! she's starving, feed her :)" + GRN + "\"" + R + "\n");
    prompt();
    clearInterval(timer);
    timer = setInterval(tick, 4000);
  };
})();

"""#
}
