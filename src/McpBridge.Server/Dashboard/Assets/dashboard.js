// MCP Bridge dashboard: the few things a server-rendered page cannot do alone.
(() => {
  "use strict";

  // Theme: the system's, unless the user picked one (kept in localStorage).
  const root = document.documentElement;
  const stored = localStorage.getItem("mcpb-theme");
  if (stored === "light" || stored === "dark") root.dataset.theme = stored;

  document.addEventListener("click", async (event) => {
    const toggle = event.target.closest("[data-theme-toggle]");
    if (toggle) {
      const dark = root.dataset.theme ? root.dataset.theme === "dark" : matchMedia("(prefers-color-scheme: dark)").matches;
      root.dataset.theme = dark ? "light" : "dark";
      localStorage.setItem("mcpb-theme", root.dataset.theme);
      toggle.setAttribute("aria-pressed", String(!dark));
      return;
    }

    // Copy buttons: data-copy="#id" copies that element's text.
    const copy = event.target.closest("[data-copy]");
    if (copy) {
      const source = document.querySelector(copy.dataset.copy);
      if (!source) return;
      const text = source.value ?? source.textContent;
      try {
        await navigator.clipboard.writeText(text.trim());
      } catch {
        // Clipboard API unavailable (plain http on another host): select the text for Ctrl+C.
        const range = document.createRange();
        range.selectNodeContents(source);
        getSelection().removeAllRanges();
        getSelection().addRange(range);
      }
      const label = copy.textContent;
      copy.textContent = "Copied";
      copy.setAttribute("aria-live", "polite");
      setTimeout(() => { copy.textContent = label; }, 1500);
    }
  });

  // Forms that need a confirmation: data-confirm="Delete this server?".
  document.addEventListener("submit", (event) => {
    const form = event.target;
    const question = form.dataset.confirm;
    if (question && !confirm(question)) {
      event.preventDefault();
      return;
    }
    if (form.dataset.streamUrl) {
      event.preventDefault();
      streamSteps(form, event.submitter);
      return;
    }
    // Long operations: disable the button and say what is happening.
    const busy = form.dataset.busy;
    const button = event.submitter;
    if (busy && button) {
      setTimeout(() => { button.disabled = true; button.textContent = busy; }, 0);
    }
  });

  // Catalog filter: data-filter-input filters [data-filter-item] by text and category without a round trip.
  const filterInput = document.querySelector("[data-filter-input]");
  const filterCategory = document.querySelector("[data-filter-category]");
  const applyFilter = () => {
    const q = (filterInput?.value ?? "").trim().toLowerCase();
    const c = filterCategory?.value ?? "";
    let shown = 0;
    document.querySelectorAll("[data-filter-item]").forEach((item) => {
      const match = (!q || item.dataset.filterText.includes(q)) && (!c || item.dataset.filterCategory === c);
      item.hidden = !match;
      if (match) shown++;
    });
    const count = document.querySelector("[data-filter-count]");
    if (count) count.textContent = `${shown} shown`;
  };
  filterInput?.addEventListener("input", applyFilter);
  filterCategory?.addEventListener("change", applyFilter);

  // Live regions: data-live-url is fetched every data-live-seconds and replaces the element's content.
  document.querySelectorAll("[data-live-url]").forEach((element) => {
    const seconds = Number(element.dataset.liveSeconds || 5);
    const toggle = document.querySelector(`[data-live-toggle="${element.id}"]`);
    let paused = false;
    toggle?.addEventListener("click", () => {
      paused = !paused;
      toggle.textContent = paused ? "Resume live updates" : "Pause live updates";
      toggle.setAttribute("aria-pressed", String(paused));
    });
    const refresh = async () => {
      if (paused || document.hidden) return;
      try {
        const response = await fetch(element.dataset.liveUrl, { headers: { "Accept": "text/html" }, credentials: "same-origin" });
        if (response.ok) {
          element.innerHTML = await response.text();
          element.dataset.updated = new Date().toISOString();
        }
      } catch {
        // Offline for a moment: try again next time.
      }
    };
    setInterval(refresh, seconds * 1000);
  });
  // "Test connection": one stateless MCP request (tools/list, protocol 2026-07-28) through the real endpoint.
  const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  document.querySelectorAll("[data-test-endpoint]").forEach((button) => {
    button.addEventListener("click", async () => {
      const output = document.querySelector(button.dataset.testOutput);
      const key = document.querySelector(button.dataset.testKey)?.value.trim();
      if (!key) {
        output.innerHTML = '<div class="alert warn" role="alert">Paste a server key (mcpb_sk_…) first, or create one above.</div>';
        return;
      }
      const label = button.textContent;
      button.disabled = true;
      button.textContent = "Testing…";
      output.innerHTML = "";
      const started = performance.now();
      try {
        const version = "2026-07-28";
        const response = await fetch(button.dataset.testEndpoint, {
          method: "POST",
          headers: {
            "Authorization": `Bearer ${key}`,
            "Content-Type": "application/json",
            "Accept": "application/json, text/event-stream",
            "MCP-Protocol-Version": version,
            "Mcp-Method": "tools/list",
          },
          body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: { _meta: {
            "io.modelcontextprotocol/protocolVersion": version, "io.modelcontextprotocol/clientCapabilities": {} } } }),
        });
        const text = await response.text();
        // The answer is JSON, or an SSE stream whose data lines carry it.
        const json = text.trimStart().startsWith("{") ? text
          : text.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trim()).filter(Boolean).pop();
        const message = json ? JSON.parse(json) : null;
        const ms = Math.round(performance.now() - started);
        if (!response.ok || !message || message.error) {
          const reason = message?.error?.message ?? `HTTP ${response.status}`;
          output.innerHTML = `<div class="alert bad" role="alert">The endpoint refused: ${escapeHtml(reason)}</div>`;
          return;
        }
        const tools = message.result?.tools ?? [];
        output.innerHTML = `<div class="alert ok" role="status">Connected in ${ms} ms: ${tools.length} tool${tools.length === 1 ? "" : "s"}.</div>` +
          `<ul data-testid="test-tools">${tools.map((t) => `<li><code>${escapeHtml(t.name)}</code> <span class="muted">${escapeHtml(t.description ?? "")}</span></li>`).join("")}</ul>`;
      } catch (error) {
        output.innerHTML = `<div class="alert bad" role="alert">Could not reach the endpoint: ${escapeHtml(error.message)}</div>`;
      } finally {
        button.disabled = false;
        button.textContent = label;
      }
    });
  });

  // Parts of the page marked data-refresh (with an id) are fetched again and swapped in, e.g. after a deploy.
  async function refreshParts() {
    try {
      const html = await (await fetch(location.href, { credentials: "same-origin" })).text();
      const fresh = new DOMParser().parseFromString(html, "text/html");
      document.querySelectorAll("[data-refresh][id]").forEach((part) => {
        const replacement = fresh.getElementById(part.id);
        if (replacement) part.replaceWith(document.importNode(replacement, true));
      });
    } catch {
      // The steps are shown already; the rest updates on the next visit.
    }
  }

  // Long operations whose steps stream back as JSON lines (data-stream-url): each step is shown as it happens.
  async function streamSteps(form, button) {
    const output = document.querySelector(form.dataset.streamOutput);
    const label = button?.textContent;
    if (button) { button.disabled = true; button.textContent = form.dataset.busy || "Working…"; }
    const list = document.createElement("ol");
    list.className = "progress";
    output.replaceChildren(list);
    let running = null;
    const show = (step) => {
      if (running) { running.remove(); running = null; }
      const item = document.createElement("li");
      item.className = { ok: "ok", failed: "bad", running: "run", done: "ok", "done-with-failures": "bad", error: "bad" }[step.state] ?? "";
      item.textContent = step.text;
      list.append(item);
      if (step.state === "running") running = item;
      if (step.state.startsWith("done")) {
        const next = document.createElement("p");
        next.innerHTML = '<a class="btn primary" href="connect">Connect a client →</a>';
        next.querySelector("a").href = location.pathname.replace(/\/deploy$/, "/connect");
        output.append(next);
        refreshParts();
      }
    };
    try {
      const response = await fetch(form.dataset.streamUrl, { method: "POST", body: new FormData(form), credentials: "same-origin" });
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let newline;
        while ((newline = buffer.indexOf("\n")) >= 0) {
          const line = buffer.slice(0, newline).trim();
          buffer = buffer.slice(newline + 1);
          if (line) show(JSON.parse(line));
        }
      }
    } catch (error) {
      show({ state: "error", text: `The deploy could not be followed: ${error.message}. Refresh to see its outcome.` });
    } finally {
      if (button) { button.disabled = false; button.textContent = label; }
    }
  }
})();
