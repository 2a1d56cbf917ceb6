// The pool dashboard: polls GET /workers with the session cookie and paints 1,024 cells.
// Plain JavaScript, no dependencies; every page element is looked up once.
"use strict";

(function () {
  const POLL_MILLIS = 2000;
  const COLUMNS = 32;
  const workersUrl = new URL("../workers", document.baseURI);
  const sessionUrl = new URL("session", document.baseURI);

  const $ = (id) => document.getElementById(id);
  const ui = {
    status: $("status"), signOut: $("sign-out"), recovery: $("recovery"), recoveryLeft: $("recovery-left"),
    outage: $("outage"), board: $("board"), grid: $("grid"), rows: $("rows"), updated: $("updated"),
    totalLeased: $("total-leased"), totalLapsed: $("total-lapsed"), totalFree: $("total-free"),
    totalSize: $("total-size"), freeLabel: $("free-label"),
    signIn: $("sign-in"), key: $("key"), signInError: $("sign-in-error"),
    detailsTitle: $("details-title"), detailsHint: $("details-hint"), detailsList: $("details-list"),
    dState: $("d-state"), dName: $("d-name"), dHost: $("d-host"), dHolderIds: $("d-holder-ids"), dAge: $("d-age"),
    dExpiryLabel: $("d-expiry-label"), dExpiry: $("d-expiry"), dNotBefore: $("d-notbefore")
  };

  let cells = [];
  let pool = null;          // the last pool read, by worker ID: {state, name, host, leasedAt, expiresAt, notBefore}
  let recoveryUntil = null; // Date, while the store recovers
  let clockOffset = 0;      // delegator clock minus this browser's, from the Date header
  let shown = null;         // worker ID in the details panel
  let pinned = false;       // whether a click holds the details panel
  let timer = null;

  function now() {
    return Date.now() + clockOffset;
  }

  function duration(millis) {
    const s = Math.max(0, Math.round(millis / 1000));
    if (s < 60) return s + " s";
    if (s < 3600) return Math.floor(s / 60) + " min " + (s % 60) + " s";
    if (s < 86400) return Math.floor(s / 3600) + " h " + Math.floor((s % 3600) / 60) + " min";
    return Math.floor(s / 86400) + " d " + Math.floor((s % 86400) / 3600) + " h";
  }

  function buildGrid(size) {
    ui.grid.textContent = "";
    ui.rows.textContent = "";
    cells = [];
    ui.grid.style.gridTemplateColumns = "repeat(" + Math.min(COLUMNS, size) + ", 16px)";
    for (let first = 0; first < size; first += COLUMNS) {
      const label = document.createElement("div");
      label.textContent = String(first);
      ui.rows.appendChild(label);
    }
    for (let id = 0; id < size; id++) {
      const cell = document.createElement("div");
      cell.className = "cell";
      cell.id = "w-" + id;
      cell.dataset.id = String(id);
      cell.dataset.state = "free";
      cell.tabIndex = -1;
      cell.setAttribute("role", "gridcell");
      cells.push(cell);
      ui.grid.appendChild(cell);
    }
  }

  function cellOf(event) {
    const target = event.target;
    return (target instanceof HTMLElement && target.classList.contains("cell")) ? Number(target.dataset.id) : null;
  }

  ui.grid.addEventListener("mouseover", (event) => {
    const id = cellOf(event);
    if (id !== null && !pinned) showDetails(id);
  });
  ui.grid.addEventListener("click", (event) => {
    const id = cellOf(event);
    if (id === null) return;
    pinned = !(pinned && shown === id);
    showDetails(id);
    if (pinned) fetchFreeNotBefore(id);
  });

  function stateOf(id) {
    const worker = pool && pool.workers.get(id);
    if (worker) return worker.state;
    return recoveryUntil ? "reclaimable" : "free";
  }

  function paint() {
    const byId = pool.workers;
    for (let id = 0; id < cells.length; id++) {
      const cell = cells[id];
      const state = stateOf(id);
      if (cell.dataset.state !== state) cell.dataset.state = state;
      const worker = byId.get(id);
      const name = (worker && worker.name) || "";
      if (cell.dataset.name !== name) cell.dataset.name = name;
      const title = "#" + id + " " + state + (name ? " · " + name : "") + (worker && worker.host ? " @ " + worker.host : "");
      if (cell.title !== title) cell.title = title;
      cell.classList.toggle("selected", pinned && shown === id);
    }
    ui.totalLeased.textContent = String(pool.leased);
    ui.totalLapsed.textContent = String(pool.lapsed);
    ui.totalFree.textContent = String(pool.size - pool.leased - pool.lapsed);
    ui.freeLabel.textContent = recoveryUntil ? "free, re-claimable" : "free";
    ui.totalSize.textContent = String(pool.size);
  }

  // A process leasing several worker IDs registers each with the same name and host: those
  // are its IDs, live or lapsed, in ID order.
  function holderIds(worker) {
    if (!worker || (!worker.name && !worker.host)) return [];
    const ids = [];
    for (const other of pool.workers.values()) {
      if (other.name === worker.name && other.host === worker.host) ids.push(other.workerId);
    }
    return ids.sort((a, b) => a - b);
  }

  function showDetails(id) {
    shown = id;
    const worker = pool && pool.workers.get(id);
    const state = stateOf(id);
    ui.detailsTitle.textContent = "Worker ID " + id;
    ui.detailsHint.hidden = true;
    ui.detailsList.hidden = false;
    ui.dState.textContent = {
      leased: "leased", lapsed: "lapsed: expired, not yet taken", free: "free",
      reclaimable: "free, re-claimable during recovery"
    }[state];
    ui.dName.textContent = (worker && worker.name) || "–";
    ui.dHost.textContent = (worker && worker.host) || "–";
    const held = holderIds(worker);
    ui.dHolderIds.textContent = held.length ? held.map((other) => "#" + other).join(", ")
      + (held.length > 1 ? " (" + held.length + " IDs)" : "") : "–";
    if (worker && worker.leasedAt) {
      ui.dAge.textContent = duration(now() - Date.parse(worker.leasedAt));
      const expires = Date.parse(worker.expiresAt);
      ui.dExpiryLabel.textContent = state === "lapsed" ? "Expired" : "Expires in";
      ui.dExpiry.textContent = state === "lapsed" ? duration(now() - expires) + " ago" : duration(expires - now());
    } else {
      ui.dAge.textContent = "–";
      ui.dExpiryLabel.textContent = "Expires in";
      ui.dExpiry.textContent = "–";
    }
    const notBefore = worker ? worker.notBefore : (pool && pool.freeNotBefore.get(id));
    ui.dNotBefore.textContent = (typeof notBefore === "number")
      ? notBefore + " (" + new Date(notBefore).toISOString() + ")"
      : "click to read";
    for (const cell of cells) cell.classList.toggle("selected", pinned && Number(cell.dataset.id) === id);
  }

  // A free ID's notBefore is not in the listing: read it when the cell is clicked.
  async function fetchFreeNotBefore(id) {
    if (!pool || pool.workers.has(id)) return;
    try {
      const response = await fetch(new URL(String(id), workersUrl + "/"), { credentials: "same-origin", cache: "no-store" });
      if (!response.ok) return;
      const worker = await response.json();
      if (pool && typeof worker.notBefore === "number") {
        pool.freeNotBefore.set(id, worker.notBefore);
        if (shown === id) showDetails(id);
      }
    } catch (ignored) {
      // the next poll reports an outage
    }
  }

  function setStatus(state, text) {
    ui.status.dataset.state = state;
    ui.status.textContent = text;
  }

  function showOutage(text) {
    ui.outage.textContent = text;
    ui.outage.hidden = false;
    ui.grid.classList.add("stale");
    ui.recovery.hidden = true;
  }

  function tickRecovery() {
    if (!recoveryUntil) {
      ui.recovery.hidden = true;
      return;
    }
    const left = recoveryUntil.getTime() - now();
    ui.recoveryLeft.textContent = duration(left);
    ui.recovery.hidden = false;
  }

  async function poll() {
    timer = null;
    let response;
    try {
      response = await fetch(workersUrl, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } });
    } catch (networkError) {
      setStatus("down", "Delegator unreachable");
      showOutage("The delegator does not answer. The grid shows the last pool read"
        + (pool ? " (" + pool.readAt.toLocaleTimeString() + ")" : "") + "; retrying every "
        + POLL_MILLIS / 1000 + " s.");
      schedule();
      return;
    }
    const date = Date.parse(response.headers.get("Date") || "");
    if (!Number.isNaN(date) && Math.abs(date - Date.now()) > 1500) clockOffset = date - Date.now();
    if (response.status === 401) {
      showSignIn();
      return;
    }
    if (!response.ok) {
      let detail = "";
      try {
        detail = (await response.json()).detail || "";
      } catch (notJson) {
        detail = "";
      }
      setStatus("store-down", response.status === 503 ? "Store unavailable" : "Error " + response.status);
      showOutage((response.status === 503 ? "The lease store (Redis) is unavailable: " : "The delegator answered "
        + response.status + ": ") + detail + " The grid shows the last pool read; retrying.");
      schedule();
      return;
    }
    const body = await response.json();
    accept(body);
    schedule();
  }

  function accept(body) {
    const workers = new Map();
    for (const lease of body.leases || []) workers.set(lease.workerId, lease);
    for (const lease of body.lapsedLeases || []) workers.set(lease.workerId, lease);
    if (cells.length !== body.size) buildGrid(body.size);
    pool = {
      size: body.size, leased: body.leased, lapsed: body.lapsed || 0, workers: workers,
      freeNotBefore: (pool && pool.freeNotBefore) || new Map(), readAt: new Date()
    };
    recoveryUntil = (body.recovering && body.recoveryUntil) ? new Date(body.recoveryUntil) : null;
    ui.signIn.hidden = true;
    ui.board.hidden = false;
    ui.outage.hidden = true;
    ui.grid.classList.remove("stale");
    setStatus("live", "Live");
    paint();
    tickRecovery();
    if (shown !== null) showDetails(shown);
    ui.updated.textContent = "Updated " + pool.readAt.toLocaleTimeString() + ", every " + POLL_MILLIS / 1000 + " s.";
  }

  function schedule() {
    if (timer === null) timer = setTimeout(poll, POLL_MILLIS);
  }

  function showSignIn() {
    setStatus("signed-out", "Signed out");
    ui.board.hidden = true;
    ui.recovery.hidden = true;
    ui.outage.hidden = true;
    ui.signOut.hidden = true;
    ui.signIn.hidden = false;
    ui.key.focus();
  }

  ui.signIn.addEventListener("submit", async (event) => {
    event.preventDefault();
    ui.signInError.hidden = true;
    let response;
    try {
      response = await fetch(sessionUrl, {
        method: "POST", credentials: "same-origin", cache: "no-store",
        headers: { "Content-Type": "application/json" }, body: JSON.stringify({ key: ui.key.value })
      });
    } catch (networkError) {
      ui.signInError.textContent = "The delegator does not answer.";
      ui.signInError.hidden = false;
      return;
    }
    ui.key.value = "";
    if (response.status !== 204) {
      ui.signInError.textContent = response.status === 401 ? "That key is not accepted." : "Sign-in failed (" + response.status + ").";
      ui.signInError.hidden = false;
      return;
    }
    ui.signOut.hidden = false;
    poll();
  });

  ui.signOut.addEventListener("click", async () => {
    try {
      await fetch(sessionUrl, { method: "DELETE", credentials: "same-origin" });
    } catch (ignored) {
      // signed out locally anyway
    }
    if (timer !== null) clearTimeout(timer);
    timer = null;
    pool = null;
    showSignIn();
  });

  setInterval(() => {
    if (pool) {
      tickRecovery();
      if (shown !== null) showDetails(shown);
    }
  }, 1000);

  ui.signOut.hidden = false;
  poll();
})();
