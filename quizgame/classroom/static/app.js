// The student's page of a quizgame class game. Plain script, no libraries, no build step.
// Every text from the server is put on the page with textContent, never as HTML.
"use strict";

(function () {
  const TOKEN_KEY = "quizgame-class-token";
  const view = document.getElementById("view");
  const banner = document.getElementById("banner");
  const me = document.getElementById("me");
  const scoreLine = document.getElementById("score");

  let socket = null;
  let state = null;
  let retry = 500;
  let countdown = null;
  let deadline = 0;
  let notice = "";
  let pendingJoin = false;
  let order = [];  // the timeline as the student arranges it
  let orderFor = -1;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "class") node.className = value;
      else if (key === "on") for (const [ev, fn] of Object.entries(value)) node.addEventListener(ev, fn);
      else node.setAttribute(key, value);
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(typeof child === "string" || typeof child === "number" ? String(child) : child);
    }
    return node;
  }

  function show(...nodes) {
    view.replaceChildren(...nodes);
  }

  function send(message) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(message));
      return true;
    }
    setBanner("Not connected — reconnecting…");
    return false;
  }

  function setBanner(text) {
    banner.textContent = text;
    banner.hidden = !text;
  }

  function storedToken() {
    try { return localStorage.getItem(TOKEN_KEY); } catch (e) { return null; }
  }

  function keepToken(token) {
    try { localStorage.setItem(TOKEN_KEY, token); } catch (e) { /* private mode: no rejoin */ }
  }

  function forgetToken() {
    try { localStorage.removeItem(TOKEN_KEY); } catch (e) { /* nothing kept */ }
  }

  // -- the connection ---------------------------------------------------------------------

  function connect() {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    try {
      socket = new WebSocket(scheme + location.host + "/ws");
    } catch (e) {
      later();
      return;
    }
    socket.addEventListener("open", () => {
      retry = 500;
      setBanner("");
      const token = storedToken();
      if (token) send({ type: "hello", token: token });
      else if (!state) showJoin();
    });
    socket.addEventListener("message", (event) => {
      let message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      receive(message);
    });
    socket.addEventListener("close", () => {
      socket = null;
      if (state && state.phase === "kicked") return;
      setBanner("Connection lost — trying again…");
      later();
    });
    socket.addEventListener("error", () => { /* "close" follows and retries */ });
  }

  function later() {
    setTimeout(connect, retry);
    retry = Math.min(retry * 2, 5000);
  }

  function receive(message) {
    switch (message.type) {
      case "welcome":
        keepToken(message.token);
        pendingJoin = false;
        break;
      case "state":
        notice = "";
        render(message);
        break;
      case "received":
        notice = "Answer received.";
        break;
      case "refused":
        refused(message);
        break;
      case "kicked":
        forgetToken();
        state = { phase: "kicked" };
        stopCountdown();
        show(el("section", { class: "card" }, el("h1", {}, "Removed"), el("p", {}, message.reason || "")));
        break;
      default:
        break;
    }
  }

  function refused(message) {
    const reason = String(message.reason || "Refused.");
    if (message.code === "unknown-player" || message.code === "kicked") {
      forgetToken();
      state = null;
      showJoin(reason);
      return;
    }
    if (!state || pendingJoin || ["wrong-code", "bad-name", "too-many-codes", "finished"].includes(message.code)) {
      pendingJoin = false;
      const form = document.getElementById("code");
      if (form && message.code !== "too-many-codes") {
        // Keep what the student typed; say what is wrong under it.
        document.getElementById("notice").textContent = reason;
        return;
      }
      showJoin(reason);
      return;
    }
    notice = reason;
    const line = document.getElementById("notice");
    if (line) line.textContent = reason;
    const submit = view.querySelectorAll("button.answer, button.send");
    submit.forEach((b) => { b.disabled = false; });
  }

  // -- joining ------------------------------------------------------------------------------

  function showJoin(error) {
    stopCountdown();
    me.textContent = "";
    scoreLine.textContent = "";
    const code = el("input", { id: "code", inputmode: "numeric", autocomplete: "off", maxlength: "6", pattern: "[0-9]*", required: "" });
    const name = el("input", { id: "name", autocomplete: "nickname", maxlength: "20", required: "" });
    const form = el("form", { class: "card", on: { submit: (e) => {
      e.preventDefault();
      pendingJoin = true;
      send({ type: "join", code: code.value.trim(), name: name.value });
    } } },
      el("h1", {}, "Join the class game"),
      el("label", { for: "code" }, "Game code"), code,
      el("label", { for: "name" }, "Your name"), name,
      el("p", { id: "notice", class: "error" }, error || ""),
      el("button", { type: "submit", class: "send" }, "Join"));
    show(form);
    code.focus();
  }

  // -- the game -----------------------------------------------------------------------------

  function render(s) {
    state = s;
    me.textContent = s.name;
    scoreLine.textContent = s.score + " points";
    stopCountdown();
    if (s.phase === "lobby") return show(el("section", { class: "card" },
      el("h1", {}, "You're in!"),
      el("p", { class: "big" }, s.name),
      el("p", {}, "Waiting for the teacher to start… " + s.players + (s.players === 1 ? " player" : " players") + " so far.")));
    if (s.phase === "question") return renderQuestion(s);
    if (s.phase === "reveal" || s.phase === "leaderboard") return renderResult(s);
    if (s.phase === "finished") return renderFinished(s);
  }

  function ordinal(n) {
    const tens = n % 100;
    const suffix = tens >= 11 && tens <= 13 ? "th" : ({ 1: "st", 2: "nd", 3: "rd" }[n % 10] || "th");
    return n + suffix;
  }

  function heading(s) {
    const q = s.question;
    return el("p", { class: "meta" }, "Question " + q.number + " of " + q.total);
  }

  function renderQuestion(s) {
    const q = s.question;
    const timer = el("div", { class: "timer", id: "timer", role: "timer" }, "");
    const parts = [heading(s), timer, el("h2", { class: "prompt" }, q.prompt)];
    if (s.answered) {
      parts.push(el("p", { class: "waiting" }, "Your answer: " + s.given), el("p", {}, "Waiting for the others…"));
    } else if (s.paused) {
      parts.push(el("p", { class: "waiting" }, "Paused by the teacher."));
    } else {
      parts.push(controls(q));
    }
    parts.push(el("p", { id: "notice", class: "notice" }, notice));
    show(el("section", { class: "card question kind-" + q.kind }, ...parts));
    if (s.paused) {
      timer.textContent = Math.ceil(s.seconds_left) + " s (paused)";
    } else {
      deadline = performance.now() + s.seconds_left * 1000;
      tick();
      countdown = setInterval(tick, 250);
    }
  }

  function tick() {
    const timer = document.getElementById("timer");
    if (!timer) return stopCountdown();
    const left = Math.max(0, Math.ceil((deadline - performance.now()) / 1000));
    timer.textContent = left + " s";
    timer.classList.toggle("low", left <= 5);
  }

  function stopCountdown() {
    if (countdown) clearInterval(countdown);
    countdown = null;
  }

  function answer(value, buttons) {
    buttons.forEach((b) => { b.disabled = true; });
    if (!send({ type: "answer", question: state.question.number - 1, answer: value })) {
      buttons.forEach((b) => { b.disabled = false; });
    }
  }

  function controls(q) {
    if (q.kind === "choice" || q.kind === "truefalse") {
      const buttons = [];
      const box = el("div", { class: "options" });
      q.options.forEach((label, i) => {
        const value = q.kind === "truefalse" ? i === 0 : i;
        const b = el("button", { type: "button", class: "answer option-" + i, on: { click: () => answer(value, buttons) } }, label);
        buttons.push(b);
        box.append(b);
      });
      return box;
    }
    if (q.kind === "order") return orderControls(q);
    const input = el("input", { id: "typed", autocomplete: "off", autocapitalize: "off", spellcheck: "false", maxlength: "200", "aria-label": "Your answer" });
    const b = el("button", { type: "submit", class: "send" }, "Send");
    const form = el("form", { class: "typed", on: { submit: (e) => {
      e.preventDefault();
      if (!input.value.trim()) return;
      answer(input.value, [b]);
    } } }, input, b);
    setTimeout(() => input.focus(), 0);
    return form;
  }

  function orderControls(q) {
    if (orderFor !== q.number) {
      order = q.items.slice();
      orderFor = q.number;
    }
    const list = el("ol", { class: "order" });
    const send = el("button", { type: "button", class: "send" }, "Send this order");
    function move(i, step, focusClass) {
      const j = i + step;
      if (j < 0 || j >= order.length) return;
      [order[i], order[j]] = [order[j], order[i]];
      draw();
      const target = list.children[j] && list.children[j].querySelector(focusClass);
      if (target && !target.disabled) target.focus();
      else if (list.children[j]) list.children[j].querySelector("button:not([disabled])").focus();
    }
    function draw() {
      list.replaceChildren(...order.map((item, i) => el("li", {},
        el("span", { class: "item" }, item),
        el("span", { class: "moves" },
          el("button", { type: "button", class: "up", "aria-label": "Move up: " + item, on: { click: () => move(i, -1, ".up") } }, "▲"),
          el("button", { type: "button", class: "down", "aria-label": "Move down: " + item, on: { click: () => move(i, 1, ".down") } }, "▼")))));
      list.querySelectorAll("li:first-child .up, li:last-child .down").forEach((b) => { b.disabled = true; });
    }
    draw();
    send.addEventListener("click", () => answer(order.slice(), [send]));
    return el("div", {}, el("p", { class: "hint" }, "Earliest first. Move items with ▲ ▼."), list, send);
  }

  function renderResult(s) {
    const r = s.result;
    const verdict = !s.answered ? "No answer" : r.correct ? "Right!" : "Wrong";
    const parts = [
      heading(s),
      el("h2", { class: "verdict " + (r.correct ? "right" : "wrong") }, verdict),
      el("p", { class: "big" }, "+" + r.points + " points"),
      el("p", {}, (s.rank ? ordinal(s.rank) + " of " + s.players : "Not ranked") + " · " + s.score + " points in all"),
      el("p", { class: "prompt small" }, s.question.prompt),
    ];
    if (s.answered) parts.push(el("p", {}, "You answered: ", el("strong", {}, s.given)));
    parts.push(el("p", {}, "The answer: ", el("strong", {}, r.answer)));
    if (r.explanation) parts.push(el("p", { class: "small" }, r.explanation));
    parts.push(el("blockquote", {}, r.quote), el("p", { class: "cite" }, "— " + r.citation));
    if (s.leaderboard) parts.push(board(s.leaderboard, s.name));
    show(el("section", { class: "card result" }, ...parts));
  }

  function board(rows, myName) {
    return el("ol", { class: "board" }, ...rows.map((row) =>
      el("li", { class: row.name === myName ? "mine" : "" },
        el("span", { class: "rank" }, String(row.rank)),
        el("span", { class: "who" }, row.name),
        el("span", { class: "pts" }, row.score + " pts"))));
  }

  function renderFinished(s) {
    show(el("section", { class: "card finished" },
      el("h1", {}, "Game over"),
      el("p", { class: "big" }, s.rank ? "You came " + ordinal(s.rank) + " of " + s.players : "Thanks for playing!"),
      el("p", {}, s.correct + " right of " + s.total + " · " + s.score + " points"),
      s.podium ? board(s.podium, s.name) : null));
  }

  connect();
})();
