/* Panel — the live scoring page.
 *
 * Every answer (and the overall recommendation/summary) is a "unit" with the version the
 * server last confirmed. An edit is first written to localStorage (so closing the tab or
 * losing the network loses nothing), then POSTed with that version. One request per unit is
 * in flight at a time; edits made meanwhile are sent when it returns. The server answers
 * with a small status partial; a 409 "conflict" carries the value saved elsewhere and the
 * panelist chooses which one to keep. A failed save says why: server unreachable (5xx or no
 * connection), signed out (sent to the sign-in page) or refused; the edit stays queued in every
 * case. No build step: plain ES2017.
 */
(function () {
  "use strict";

  const root = document.getElementById("scoring");
  if (!root) return;

  const readOnly = root.dataset.readOnly === "true";
  const signInUrl = root.dataset.signInUrl;
  const csrfToken = JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"];
  const storeKey = "panel-scoring-" + root.dataset.scorecard;
  const NOTES_DEBOUNCE_MS = 700;
  const RETRY_MS = 10000;

  const strings = {};
  const stringsTemplate = document.getElementById("scoring-strings");
  stringsTemplate.content.querySelectorAll("[data-key]").forEach(function (el) {
    strings[el.dataset.key] = el.textContent.trim();
  });

  const questions = Array.from(root.querySelectorAll(".scoring-question"));
  const overall = document.getElementById("overall");
  const announcer = document.getElementById("announcer");
  let autoAdvance = root.dataset.autoAdvance === "true";
  let current = 0;

  // ---- each question's controls and rubric, from what the page sends once -----------------
  // The server sends every question's text and notes, the rating controls once (a template)
  // and the rubrics as data; a question's scoring guide, follow-ups and key points become
  // markup when first shown (opened, or the question becomes current).

  const controls = document.getElementById("question-controls").content;
  const rubrics = JSON.parse(document.getElementById("scoring-rubrics").textContent);
  const marker = controls.querySelector(".current-marker");
  const guidesOpen = window.matchMedia("(min-width: 901px)").matches;

  function rubricOf(el) {
    return rubrics.questions[el.dataset.question] || {};
  }

  function fillList(list, lines) {
    lines.forEach(function (line) {
      const item = document.createElement("li");
      item.textContent = line;
      list.appendChild(item);
    });
  }

  function fill(details) {
    if (details.dataset.filled) return;
    details.dataset.filled = "true";
    const el = details.closest(".scoring-question");
    const rubric = rubricOf(el);
    if (!details.classList.contains("guide")) {
      if (rubric.follow_ups) fillList(details.querySelector("ul.follow-ups"), rubric.follow_ups);
      if (rubric.key_points) fillList(details.querySelector("ul.key-points"), rubric.key_points);
      return;
    }
    const list = details.querySelector("dl");
    rubrics.levels.forEach(function (level, index) {
      const term = document.createElement("dt");
      term.textContent = level[0] + " · " + level[1];
      const text = document.createElement("dd");
      text.id = "guide-" + el.dataset.question + "-" + level[0];
      text.textContent = rubric.guides[index] || "—";
      list.append(term, text);
      const radio = el.querySelector('input[type=radio][value="' + level[0] + '"]');
      if (radio) radio.setAttribute("aria-describedby", text.id);
    });
  }

  function fillGuide(el) {
    const guide = el.querySelector("details.guide");
    if (guide) fill(guide);
  }

  function toggleRubric(el) {
    const parts = Array.from(el.querySelectorAll("details"));
    const open = parts.some(function (details) { return !details.open; });
    parts.forEach(function (details) { details.open = open; });
  }

  function build(el) {
    const prefix = "question-" + el.dataset.question;
    el.tabIndex = -1;
    el.setAttribute("aria-labelledby", prefix + "-number " + prefix + "-prompt");
    const rubric = rubricOf(el);
    const parts = controls.cloneNode(true);
    const extra = parts.querySelector(".current-marker");
    if (extra) extra.remove();
    parts.querySelectorAll("input[type=radio]").forEach(function (radio, index) {
      radio.name = "rating-" + el.dataset.question;
      radio.checked = radio.value === el.dataset.rating;
      const guide = rubric.guides && rubric.guides[index];
      if (guide) radio.closest("label").title = guide;
    });
    const guide = parts.querySelector("details.guide");
    if (rubric.guides) {
      parts.querySelector(".no-guide").remove();
      guide.open = guidesOpen;
    } else {
      guide.remove();
    }
    const extras = parts.querySelector("details.extras");
    if (!rubric.follow_ups && !rubric.key_points) extras.remove();
    ["follow_ups", "key_points"].forEach(function (kind) {
      if (rubric[kind]) return;
      extras.querySelectorAll("." + kind.replace("_", "-")).forEach(function (n) { n.remove(); });
    });
    const status = parts.querySelector(".answer-status");
    if (parseInt(el.dataset.version, 10)) {
      status.dataset.state = "saved";
      status.querySelector(".state-label").textContent = strings.saved;
    } else {
      status.replaceChildren();
    }
    el.appendChild(parts.querySelector(".status-slot"));
    el.insertBefore(parts, el.querySelector("label[for^='notes-']"));
    if (guidesOpen) fillGuide(el);
  }

  questions.forEach(build);
  root.addEventListener("toggle", function (event) {
    if (event.target.matches("details") && event.target.open) fill(event.target);
  }, true);

  // ---- units: a question's answer, or the overall section --------------------------------

  function makeUnit(el, kind) {
    return {
      el: el,
      kind: kind,
      key: kind === "overall" ? "overall" : el.dataset.question,
      url: kind === "overall"
        ? el.dataset.url
        : root.dataset.answerUrl.replace(/\/0\/$/, "/" + el.dataset.question + "/"),
      version: parseInt(el.dataset.version, 10) || 0,
      inFlight: false,
      dirty: false,
      conflict: null,
      timer: null,
    };
  }

  const units = questions.map(function (el) { return makeUnit(el, "question"); });
  if (overall) units.push(makeUnit(overall, "overall"));
  const unitByEl = new Map(units.map(function (unit) { return [unit.el, unit]; }));

  function readValues(unit) {
    const checked = unit.el.querySelector("input[type=radio]:checked");
    const text = unit.el.querySelector("textarea").value;
    if (unit.kind === "overall") {
      return { recommendation: checked ? checked.value : "", summary: text };
    }
    const value = checked ? checked.value : "";
    return {
      rating: value === "not_asked" ? "" : value,
      not_asked: value === "not_asked" ? "true" : "false",
      notes: text,
    };
  }

  function applyValues(unit, values) {
    const wanted = unit.kind === "overall"
      ? values.recommendation
      : (values.not_asked === "true" ? "not_asked" : values.rating);
    unit.el.querySelectorAll("input[type=radio]").forEach(function (radio) {
      radio.checked = radio.value === wanted;
    });
    unit.el.querySelector("textarea").value = unit.kind === "overall" ? values.summary : values.notes;
  }

  function sameValues(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  // ---- the browser-side queue: survives reloads, closed tabs and offline spells ----------

  function loadQueue() {
    try { return JSON.parse(localStorage.getItem(storeKey)) || {}; } catch (e) { return {}; }
  }

  function storeQueue(queue) {
    try {
      if (Object.keys(queue).length) localStorage.setItem(storeKey, JSON.stringify(queue));
      else localStorage.removeItem(storeKey);
    } catch (e) { /* storage full or disabled: the in-memory state still saves */ }
  }

  function remember(unit) {
    const queue = loadQueue();
    queue[unit.key] = { values: readValues(unit), version: unit.version };
    storeQueue(queue);
  }

  function forget(unit) {
    const queue = loadQueue();
    delete queue[unit.key];
    storeQueue(queue);
  }

  // ---- status display --------------------------------------------------------------------

  function setStatus(unit, node) {
    const slot = unit.el.querySelector(".status-slot");
    slot.replaceChildren(node);
  }

  function simpleStatus(unit, state, text, withRetry) {
    const node = document.createElement("div");
    node.className = "answer-status";
    node.dataset.state = state;
    node.setAttribute("role", "status");
    const label = document.createElement("span");
    label.className = "state-label";
    label.textContent = text;
    node.appendChild(label);
    if (withRetry) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "btn small secondary";
      button.textContent = strings.retry;
      button.addEventListener("click", function () { unit.dirty = true; send(unit); });
      node.appendChild(button);
    }
    setStatus(unit, node);
  }

  function parseStatus(html) {
    const doc = new DOMParser().parseFromString(html, "text/html");
    return doc.querySelector(".answer-status");
  }

  function showConflict(unit, node, mine) {
    const saved = unit.kind === "overall"
      ? {
          recommendation: node.dataset.recommendation || "",
          summary: node.querySelector(".current-notes").textContent,
        }
      : {
          rating: node.dataset.rating || "",
          not_asked: node.dataset.notAsked,
          notes: node.querySelector(".current-notes").textContent,
        };
    unit.conflict = { version: parseInt(node.dataset.version, 10) || 0, saved: saved, mine: mine };
    const actions = document.createElement("p");
    actions.className = "conflict-actions";
    const useSaved = document.createElement("button");
    useSaved.type = "button";
    useSaved.className = "btn small secondary";
    useSaved.textContent = strings.useSaved;
    useSaved.addEventListener("click", function () {
      unit.version = unit.conflict.version;
      applyValues(unit, unit.conflict.saved);
      unit.conflict = null;
      unit.dirty = false;
      forget(unit);
      simpleStatus(unit, "saved", strings.saved);
      refreshProgress();
    });
    const keepMine = document.createElement("button");
    keepMine.type = "button";
    keepMine.className = "btn small";
    keepMine.textContent = strings.keepMine;
    keepMine.addEventListener("click", function () {
      unit.version = unit.conflict.version;
      applyValues(unit, unit.conflict.mine);
      unit.conflict = null;
      edited(unit, true);
    });
    actions.append(useSaved, " ", keepMine);
    node.appendChild(actions);
    setStatus(unit, node);
  }

  // ---- saving ----------------------------------------------------------------------------

  function edited(unit, immediately) {
    if (readOnly) return;
    remember(unit);
    unit.dirty = true;
    if (unit.conflict) return;
    clearTimeout(unit.timer);
    if (immediately) send(unit);
    else unit.timer = setTimeout(function () { send(unit); }, NOTES_DEBOUNCE_MS);
    refreshProgress();
  }

  async function send(unit, keepalive) {
    clearTimeout(unit.timer);
    if (unit.inFlight || !unit.dirty || unit.conflict) return;
    if (!navigator.onLine) {
      simpleStatus(unit, "offline", strings.offline);
      return;
    }
    const values = readValues(unit);
    const body = new URLSearchParams(values);
    body.set("version", String(unit.version));
    unit.inFlight = true;
    unit.dirty = false;
    simpleStatus(unit, "saving", strings.saving);
    let response;
    let node;
    try {
      response = await fetch(unit.url, {
        method: "POST",
        body: body,
        headers: { "X-CSRFToken": csrfToken, "HX-Request": "true" },
        credentials: "same-origin",
        keepalive: Boolean(keepalive),
      });
      node = parseStatus(await response.text());
    } catch (error) {
      unit.inFlight = false;
      unit.dirty = true;
      if (navigator.onLine) simpleStatus(unit, "unreachable", strings.unreachable, true);
      else simpleStatus(unit, "offline", strings.offline);
      return;
    }
    unit.inFlight = false;
    if (sentToSignIn(response)) {
      unit.dirty = true;
      simpleStatus(unit, "signed-out", strings.signedOut, true);
    } else if (response.status >= 500 || (!node && response.status !== 403)) {
      // A server error, or a page that is not ours (a proxy's): the edit stays queued.
      unit.dirty = true;
      simpleStatus(unit, "unreachable", strings.unreachable, true);
    } else if (!node) {
      // Refused without our status fragment (e.g. the session changed in another tab).
      unit.dirty = true;
      simpleStatus(unit, "refused", strings.refused, true);
    } else if (response.ok) {
      unit.version = parseInt(node.dataset.version, 10);
      if (unit.dirty) {
        remember(unit);
        send(unit);
      } else {
        const queued = loadQueue()[unit.key];
        if (queued && sameValues(queued.values, values)) forget(unit);
        else remember(unit);
        setStatus(unit, node);
      }
    } else if (response.status === 409 && node.dataset.state === "conflict") {
      showConflict(unit, node, readValues(unit));
    } else {
      // Refused (too long, closed, …): the text stays in the box and in the queue.
      setStatus(unit, node);
    }
  }

  // Signed out: the server sent the request to the sign-in page (fetch followed the redirect).
  function sentToSignIn(response) {
    if (response.status === 401) return true;
    if (!response.redirected || !signInUrl) return false;
    return new URL(response.url, window.location.href).pathname === signInUrl;
  }

  function sendAll(keepalive) {
    units.forEach(function (unit) { if (unit.dirty) send(unit, keepalive); });
  }

  function pendingCount() {
    return units.filter(function (u) { return u.dirty || u.inFlight || u.conflict; }).length;
  }

  // ---- restoring edits that never reached the server -------------------------------------

  function restore() {
    const queue = loadQueue();
    units.forEach(function (unit) {
      const entry = queue[unit.key];
      if (!entry) return;
      const serverValues = readValues(unit);
      if (sameValues(entry.values, serverValues)) {
        forget(unit);
      } else if (entry.version === unit.version) {
        applyValues(unit, entry.values);
        unit.dirty = true;
      } else {
        // Saved elsewhere since this browser's edit: let the panelist choose.
        const node = document.createElement("div");
        node.className = "answer-status";
        node.dataset.state = "conflict";
        node.dataset.version = String(unit.version);
        if (unit.kind === "overall") node.dataset.recommendation = serverValues.recommendation;
        else {
          node.dataset.rating = serverValues.rating;
          node.dataset.notAsked = serverValues.not_asked;
        }
        const text = document.createElement("pre");
        text.className = "current-notes";
        text.hidden = true;
        text.textContent = unit.kind === "overall" ? serverValues.summary : serverValues.notes;
        const label = document.createElement("span");
        label.className = "state-label";
        label.textContent = strings.changedElsewhere;
        node.append(label, text);
        applyValues(unit, entry.values);
        showConflict(unit, node, entry.values);
      }
    });
    refreshProgress();
    sendAll();
  }

  // ---- navigation, keyboard and auto-advance ---------------------------------------------
  // The keyboard's target ("current") is the question the panelist sees. Focus, a click or
  // n/p choose it; scrolling it out of view hands it to the question being read; a reload
  // restores it (#question-N in the address, else this tab's sessionStorage); and a rating
  // key never reaches a question that is out of view.

  const currentStoreKey = "panel-scoring-current-" + root.dataset.scorecard;
  const head = document.querySelector(".scoring-head");
  let scrollingToCurrent = false;
  let scrollTimer = null;

  function viewTop() {
    // The sticky header hides the top of the viewport on wide screens.
    if (!head || getComputedStyle(head).position !== "sticky") return 0;
    return Math.max(0, head.getBoundingClientRect().bottom);
  }

  function visiblePixels(el, top) {
    const rect = el.getBoundingClientRect();
    return Math.max(0, Math.min(rect.bottom, window.innerHeight) - Math.max(rect.top, top));
  }

  function isInView(el) {
    // Wholly visible, or filling at least a third of what the panelist can see.
    const top = viewTop();
    const shown = visiblePixels(el, top);
    const height = el.getBoundingClientRect().height;
    return shown > 0 && (shown >= height - 1 || shown >= (window.innerHeight - top) / 3);
  }

  function questionBeingRead() {
    // The question crossing a reading line a third of the way down the visible area, else
    // the one with most of itself on screen; -1 when no question is on screen.
    const top = viewTop();
    const line = top + (window.innerHeight - top) / 3;
    let best = -1;
    let bestPixels = 0;
    for (let i = 0; i < questions.length; i++) {
      const rect = questions[i].getBoundingClientRect();
      if (rect.top <= line && rect.bottom > line) return i;
      const shown = visiblePixels(questions[i], top);
      if (shown > bestPixels) { best = i; bestPixels = shown; }
    }
    return best;
  }

  function followView() {
    if (scrollingToCurrent || !questions.length) return;
    if (isInView(questions[current])) return;
    const index = questionBeingRead();
    if (index >= 0 && index !== current) setCurrent(index, false);
  }

  function scrollToCurrent(el, smooth) {
    scrollingToCurrent = true;
    clearTimeout(scrollTimer);
    // "scrollend" does not fire when there was nothing to scroll: a timer ends it too.
    scrollTimer = setTimeout(function () { scrollingToCurrent = false; }, smooth ? 1000 : 100);
    el.scrollIntoView({ block: "start", behavior: smooth ? "smooth" : "auto" });
  }

  window.addEventListener("scrollend", function () {
    if (!scrollingToCurrent) return;
    clearTimeout(scrollTimer);
    scrollTimer = setTimeout(function () { scrollingToCurrent = false; }, 50);
  });

  function setCurrent(index, focus) {
    if (!questions.length) return;
    current = Math.max(0, Math.min(index, questions.length - 1));
    questions.forEach(function (q, i) {
      q.classList.toggle("current", i === current);
      if (i === current) q.setAttribute("aria-current", "step");
      else q.removeAttribute("aria-current");
    });
    const el = questions[current];
    if (marker) el.querySelector(".meta").appendChild(marker);
    fillGuide(el);
    try { sessionStorage.setItem(currentStoreKey, el.dataset.question); } catch (e) { /* private mode */ }
    if (focus) {
      el.focus({ preventScroll: true });
      scrollToCurrent(el, true);
      announcer.textContent = strings.position
        .replace("%(number)s", el.dataset.number)
        .replace("%(total)s", String(questions.length));
    }
  }

  function restoreCurrent() {
    let wanted = null;
    const hash = window.location.hash;
    const match = /^#question-(\d+)$/.exec(hash);
    if (match || hash === "#overall") {
      // A link from the review page; forget it so a later reload keeps the latest question.
      history.replaceState(history.state, "", window.location.pathname + window.location.search);
    }
    if (hash === "#overall" && overall) {
      setCurrent(questions.length - 1, false);
      goToOverall();
      return;
    }
    if (match) wanted = match[1];
    else {
      try { wanted = sessionStorage.getItem(currentStoreKey); } catch (e) { wanted = null; }
    }
    const index = questions.findIndex(function (q) { return q.dataset.question === wanted; });
    if (index < 0) {
      setCurrent(0, false);
      return;
    }
    if ("scrollRestoration" in history) history.scrollRestoration = "manual";
    setCurrent(index, false);
    questions[index].focus({ preventScroll: true });
    scrollToCurrent(questions[index], false);
  }

  function rate(index, value) {
    const el = questions[index];
    const radio = el && el.querySelector('input[type=radio][value="' + value + '"]');
    if (!radio || radio.disabled || el.querySelector("fieldset").disabled) return;
    radio.checked = true;
    radio.dispatchEvent(new Event("change", { bubbles: true }));
  }

  // The rating levels are the ones the page offers (the server's RATING_LEVELS): each is a key.
  const ratingKeys = new Set(rubrics.levels.map(function (level) { return String(level[0]); }));

  function rateInView(value) {
    // The view may have moved since the last observer callback: decide from the view now,
    // unless it is still moving to the question just chosen with n/p.
    followView();
    if (!questions.length || (!scrollingToCurrent && !isInView(questions[current]))) {
      announcer.textContent = strings.noneInView;
      return;
    }
    rate(current, value);
  }

  function recommend(index) {
    const radios = overall.querySelectorAll("input[type=radio]");
    const radio = radios[index];
    if (!radio || radio.disabled || overall.querySelector("fieldset").disabled) return;
    radio.checked = true;
    radio.dispatchEvent(new Event("change", { bubbles: true }));
    announcer.textContent = radio.closest("label").querySelector(".option-label").textContent;
  }

  function goToOverall() {
    if (!overall) return;
    overall.focus({ preventScroll: true });
    overall.scrollIntoView({ block: "start" });
  }

  function isTyping(target) {
    return target.matches("textarea, input[type=text], input[type=search], select, [contenteditable]");
  }

  function overallKey(event) {
    // In the Overall section 1-4 choose Strong no .. Strong yes; arrows stay the radios' own.
    switch (event.key) {
      case "1": case "2": case "3": case "4":
        recommend(parseInt(event.key, 10) - 1); return true;
      case "e":
        overall.querySelector("textarea").focus(); return true;
      case "p":
        setCurrent(questions.length - 1, true); return true;
      case "s":
        goToOverall(); return true;
      default:
        return false;
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (isTyping(event.target)) {
      if (event.key === "Escape") {
        const holder = event.target.closest(".scoring-question, #overall");
        if (holder) holder.focus();
        event.preventDefault();
      }
      return;
    }
    if (event.target.closest("#overall")) {
      if (overallKey(event)) event.preventDefault();
      return;
    }
    switch (event.key) {
      case "0":
        rateInView("not_asked"); break;
      case "n": case "ArrowDown":
        if (current === questions.length - 1 && isInView(questions[current])) goToOverall();
        else setCurrent(current + 1, true);
        break;
      case "p": case "ArrowUp":
        setCurrent(current - 1, true); break;
      case "r":
        followView();
        if (questions[current]) toggleRubric(questions[current]); break;
      case "e":
        followView();
        if (questions[current]) questions[current].querySelector("textarea").focus(); break;
      case "s":
        goToOverall(); break;
      default:
        if (!ratingKeys.has(event.key)) return;
        rateInView(event.key);
    }
    event.preventDefault();
  });

  questions.forEach(function (el, index) {
    el.addEventListener("focusin", function () { if (current !== index) setCurrent(index, false); });
    el.addEventListener("click", function () { if (current !== index) setCurrent(index, false); });
  });

  if ("IntersectionObserver" in window && questions.length) {
    const thresholds = [0, 0.1, 0.25, 0.5, 0.75, 1];
    const observer = new IntersectionObserver(followView, { threshold: thresholds });
    questions.forEach(function (el) { observer.observe(el); });
  }

  // ---- wiring edits ----------------------------------------------------------------------

  units.forEach(function (unit) {
    unit.el.querySelectorAll("input[type=radio]").forEach(function (radio) {
      radio.addEventListener("change", function () {
        edited(unit, true);
        if (unit.kind === "question" && autoAdvance) {
          const index = questions.indexOf(unit.el);
          setTimeout(function () { if (current === index) setCurrent(index + 1, true); }, 250);
        }
      });
    });
    const textarea = unit.el.querySelector("textarea");
    textarea.addEventListener("input", function () { edited(unit, false); });
    textarea.addEventListener("blur", function () { send(unit); });
  });

  const autoAdvanceBox = document.getElementById("auto-advance");
  if (autoAdvanceBox) {
    autoAdvanceBox.addEventListener("change", function () {
      autoAdvance = autoAdvanceBox.checked;
      const body = new URLSearchParams({ auto_advance: autoAdvance ? "true" : "false" });
      fetch(root.dataset.autoAdvanceUrl, {
        method: "POST",
        body: body,
        headers: { "X-CSRFToken": csrfToken },
        credentials: "same-origin",
      }).catch(function () { /* a preference; the checkbox still works for this visit */ });
    });
  }

  const reviewLink = document.getElementById("review-submit");
  if (reviewLink) {
    reviewLink.addEventListener("click", async function (event) {
      event.preventDefault();
      sendAll();
      for (let i = 0; i < 50 && pendingCount(); i++) {
        await new Promise(function (resolve) { setTimeout(resolve, 100); });
      }
      if (pendingCount()) window.alert(strings.pending);
      else window.location.assign(reviewLink.href);
    });
  }

  // ---- progress and timer ----------------------------------------------------------------

  function refreshProgress() {
    const answered = questions.filter(function (q) {
      return q.querySelector("input[type=radio]:checked");
    }).length;
    document.getElementById("progress-count").textContent = String(answered);
    document.getElementById("progress-bar").value = answered;
  }

  const timerEl = document.getElementById("timer");
  if (root.dataset.startedAt) {
    const skew = Date.now() - Date.parse(root.dataset.serverNow);
    const started = Date.parse(root.dataset.startedAt);
    const ended = root.dataset.endedAt ? Date.parse(root.dataset.endedAt) : null;
    const budget = parseInt(root.dataset.budgetMinutes, 10) || 0;
    const tick = function () {
      const until = ended || (Date.now() - skew);
      const seconds = Math.max(0, Math.floor((until - started) / 1000));
      const minutes = Math.floor(seconds / 60);
      timerEl.textContent = minutes + ":" + String(seconds % 60).padStart(2, "0");
      timerEl.classList.toggle("over-budget", budget > 0 && minutes >= budget);
    };
    tick();
    if (!ended) setInterval(tick, 1000);
  }

  // ---- connection --------------------------------------------------------------------------

  const banner = document.getElementById("connection");
  function connectionChanged() {
    banner.hidden = navigator.onLine;
    if (navigator.onLine) sendAll();
  }
  window.addEventListener("online", connectionChanged);
  window.addEventListener("offline", connectionChanged);
  window.addEventListener("pagehide", function () { sendAll(true); });
  setInterval(function () { if (navigator.onLine) sendAll(); }, RETRY_MS);

  restoreCurrent();
  if (!readOnly) restore();
  connectionChanged();
})();
