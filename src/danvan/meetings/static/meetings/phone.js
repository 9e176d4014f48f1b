/* danvan – a cadre's phone pages: register the service worker, keep the pages of the plan in the
 * cache, and send visit reports through a queue kept on the phone (localStorage), so a report made
 * without a network is sent when the network returns. Each report carries an idempotency key made
 * when the form is opened: the server lands a report sent twice once. Texts come from the page. */
"use strict";
(function () {
  const CACHE = "danvan-meetings-v1";
  const QUEUE = "danvan-meetings-queue";
  const body = document.body;
  const status = document.getElementById("sync-status");
  const list = document.getElementById("sync-list");
  const states = {}; // key → {state, message}

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function queue() {
    try { return JSON.parse(localStorage.getItem(QUEUE) || "[]"); } catch (e) { return []; }
  }

  function save(items) { localStorage.setItem(QUEUE, JSON.stringify(items)); }

  function enqueue(item) {
    save(queue().filter((other) => other.key !== item.key).concat([item]));
    states[item.key] = {state: "queued", label: item.label};
  }

  function csrf() {
    const meta = document.querySelector("meta[name=csrf-token]");
    return meta ? meta.content : "";
  }

  function render() {
    const net = document.getElementById("net-state");
    if (net) net.hidden = navigator.onLine;
    const keys = Object.keys(states);
    status.hidden = keys.length === 0;
    list.replaceChildren();
    keys.forEach((key) => {
      const entry = states[key];
      const li = document.createElement("li");
      li.className = "sync-" + entry.state;
      li.dataset.key = key;
      li.dataset.state = entry.state;
      let text = status.dataset[entry.state] || entry.state;
      if (entry.message) text += " " + entry.message;
      li.textContent = (entry.label ? entry.label + ": " : "") + text;
      list.appendChild(li);
    });
  }

  let running = null;

  function send(item) {
    return fetch(body.dataset.sync, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf(), "Accept": "application/json"},
      body: JSON.stringify(item.body),
    }).then((response) => response.json().catch(() => ({})).then((answer) => {
      if (response.ok) {
        states[item.key] = {state: "sent", label: item.label};
        save(queue().filter((other) => other.key !== item.key));
      } else if (response.status >= 400 && response.status < 500 && response.status !== 401 && response.status !== 403) {
        states[item.key] = {state: "failed", label: item.label, message: answer.message || String(response.status)};
        save(queue().filter((other) => other.key !== item.key));
      } else {
        states[item.key] = {state: "queued", label: item.label, message: answer.message || ""};
      }
    }), () => { states[item.key] = {state: "queued", label: item.label}; });
  }

  function sync() {
    const items = queue();
    items.forEach((item) => { if (!states[item.key]) states[item.key] = {state: "queued", label: item.label}; });
    if (!navigator.onLine || items.length === 0) { render(); return Promise.resolve(); }
    if (running) return running;
    items.forEach((item) => { states[item.key] = {state: "sending", label: item.label}; });
    render();
    running = items.reduce((done, item) => done.then(() => send(item)), Promise.resolve())
      .then(() => { running = null; render(); });
    return running;
  }

  function formBody(form) {
    const data = {};
    new FormData(form).forEach((value, name) => { if (name !== "csrfmiddlewaretoken") data[name] = value; });
    form.querySelectorAll("input[type=checkbox]").forEach((box) => { data[box.name] = box.checked; });
    return data;
  }

  function prepareForm(form) {
    const key = form.querySelector("input[name=key]");
    key.value = newKey();
    const reason = form.querySelector(".absence");
    const toggle = () => {
      const no = form.querySelector("input[name=attended][value=no]");
      if (reason) reason.hidden = !(no && no.checked);
    };
    form.querySelectorAll("input[name=attended]").forEach((radio) => radio.addEventListener("change", toggle));
    toggle();
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const select = form.querySelector("select[name=branch]");
      const label = form.dataset.label || (select && select.selectedOptions[0] ? select.selectedOptions[0].text : "");
      enqueue({key: key.value, label: label, body: formBody(form)});
      form.querySelector("button[type=submit]").disabled = true;
      sync();
    });
  }

  function precache() {
    if (!("caches" in window)) return;
    const urls = new Set([location.pathname + location.search]);
    document.querySelectorAll("a[data-offline]").forEach((a) => urls.add(a.getAttribute("href")));
    document.querySelectorAll("link[rel=stylesheet], link[rel=manifest], link[rel=icon]")
      .forEach((link) => urls.add(link.getAttribute("href")));
    document.querySelectorAll("script[src]").forEach((script) => urls.add(script.getAttribute("src")));
    caches.open(CACHE).then((cache) => Promise.all(Array.from(urls, (url) =>
      fetch(url, {credentials: "same-origin"}).then((response) => {
        if (response.ok) return cache.put(url, response);
        return null;
      }).catch(() => null)))).then(() => { body.dataset.cached = "yes"; });
  }

  window.danvanMeetings = {sync: sync, queue: queue, enqueue: enqueue};
  const form = document.getElementById("report-form");
  if (form) prepareForm(form);
  window.addEventListener("online", () => { sync(); });
  window.addEventListener("offline", render);
  if ("serviceWorker" in navigator && body.dataset.sw) {
    navigator.serviceWorker.register(body.dataset.sw).then(() => navigator.serviceWorker.ready)
      .then(() => { body.dataset.swReady = "yes"; }).catch(() => null);
  }
  if (navigator.onLine) precache();
  sync();
})();
