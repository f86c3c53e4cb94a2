/*
 * Negotiation assistant chat widget. A host page adds one tag,
 *   <script src="https://host/widget.js" data-assistant-url="https://host" defer></script>
 * and gets a launcher that opens a chat panel, all inside a shadow root so page and widget styles never mix.
 * Safety rule: server, guide and user text is only ever set as text (textContent, or a string passed to
 * append(), which makes a text node). Nothing here uses innerHTML.
 */
(() => {
  "use strict";

  const script = document.currentScript;
  if (!script || window.NegotiationAssistant) return; // loaded twice: keep one launcher

  const BASE = (script.dataset.assistantUrl || new URL(script.src, location.href).origin).replace(/\/+$/, "");
  const STORE_KEY = `negotiation-assistant:${BASE}`;
  // The host may match a server with a different question limit (ASSISTANT_MAX_QUESTION_CHARS); the server
  // still enforces its own, this only stops the textarea accepting text the server would refuse.
  const MAX_QUESTION_CHARS = positiveInteger(script.dataset.maxQuestionChars) ?? 2000;
  const MAX_STORED_MESSAGES = 60; // sessionStorage is small; the oldest turns matter least
  // What an answer needs to be shown again after a reload; the rest (timings, understanding) is not kept.
  const SHOWN_FIELDS = ["answer", "details", "derived", "figures", "citations", "warnings", "refused", "answer_id",
    "follow_ups"];
  const SUGGESTIONS = [
    "What's a fair London ask for an ML engineer at Jane Street?",
    "How does Millennium's ML engineer pay in New York compare with Jane Street's?",
    "What levers can I use when negotiating an ML engineer offer at Tastytrade?",
  ];
  const CLOSE_ICON = "M6 6l12 12M18 6L6 18";
  const STOP_ICON = "M7 7h10v10H7z";
  const SEND_ICON = "M4 12l16-8-6 16-2-7-8-1z";
  const THUMB_UP_ICON = "M7 11v9H4v-9zM7 11l4-8a2 2 0 0 1 2 2v4h5.5a2 2 0 0 1 2 2.3l-1.2 7A2 2 0 0 1 17.3 20H7";
  const THUMB_DOWN_ICON = "M7 13V4H4v9zM7 13l4 8a2 2 0 0 0 2-2v-4h5.5a2 2 0 0 0 2-2.3l-1.2-7A2 2 0 0 0 17.3 4H7";
  const COPIED_FOR_MS = 2000; // how long a copy button says "Copied"
  const FOCUSABLE = "button:not([disabled]), [href], textarea:not([disabled]), summary, "
    + "[tabindex]:not([tabindex='-1'])";
  const PHONE_LAYOUT = window.matchMedia("(max-width: 520px)"); // widget.css makes the panel full-screen here
  const POPOVER_GAP = 6; // px between a chip and its passage
  const SLOW_ANSWER_MS = 1500; // no text by then: ask /readyz whether the server is still loading its model

  /** A whole number above zero from an attribute value, or null (missing, "", "abc", "0", "-5", "1.5"). */
  function positiveInteger(value) {
    const number = Number(value); // Number("") is 0, so an empty attribute falls through to null too
    return Number.isInteger(number) && number > 0 ? number : null;
  }

  // ---------- DOM helpers ----------

  /** createElement with attributes; "text" sets textContent, "on…" adds a listener. */
  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (value == null || value === false) continue;
      if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    node.append(...children.filter((child) => child != null && child !== ""));
    return node;
  }

  /** A decorative SVG icon from fixed path data (never server data). */
  function icon(pathData) {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    const path = document.createElementNS(ns, "path");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    path.setAttribute("d", pathData);
    svg.append(path);
    return svg;
  }

  let idCounter = 0;
  const nextId = (prefix) => `${prefix}-${++idCounter}`;

  // ---------- conversation state, kept in sessionStorage so a reload keeps the chat ----------

  function loadState() {
    try {
      const saved = JSON.parse(sessionStorage.getItem(STORE_KEY) || "null");
      if (saved && Array.isArray(saved.messages)) {
        // A stream cut off by a reload cannot resume: turn it into a retryable error.
        for (const message of saved.messages.filter((m) => m.status === "streaming")) {
          Object.assign(message, { status: "error", error: "The page was reloaded before this answer finished." });
        }
        for (const message of saved.messages.filter((m) => m.feedback?.status === "sending")) {
          message.feedback.status = "failed"; // cut off by the reload: say so, so it can be sent again
        }
        return { conversationId: saved.conversationId ?? null, messages: saved.messages };
      }
    } catch {} // storage blocked or corrupt: a fresh conversation beats a broken widget
    return { conversationId: null, messages: [] };
  }

  const state = loadState();
  let busy = false;
  let answers = null; // the answer renderer from widget-answer.js, once it has loaded (see the end of this file)

  function saveState() {
    try {
      const messages = state.messages.slice(-MAX_STORED_MESSAGES);
      sessionStorage.setItem(STORE_KEY, JSON.stringify({ conversationId: state.conversationId, messages }));
    } catch {} // quota or privacy mode: the chat still works, it just won't survive a reload
  }

  /** A numbered chip that opens its passage beside it; the "source-chip" kind also shows the company and section. */
  function citationChip(citation, kind = "citation-chip") {
    const where = `${citation.company} · ${citation.section}`;
    return el("button", {
      type: "button", class: kind === "source-chip" ? "chip source" : "chip", "data-testid": kind,
      "data-citation": citation.number, "aria-expanded": "false", "aria-controls": popover.id, title: where,
      "aria-label": `Source ${citation.number}: ${citation.company}, ${citation.section}`,
      onclick: (event) => toggleCitation(citation, event.currentTarget),
    }, el("span", { class: "chip-number", text: String(citation.number) }),
    kind === "source-chip" ? el("span", { text: where }) : null);
  }

  // ---------- the cited passage: a popover beside the chip that opened it ----------

  function guideUrl(citation) {
    const path = citation.guide_id.split("/").map(encodeURIComponent).join("/");
    const { start_line: start, end_line: end } = citation;
    return `${BASE}/guides/${path}#L${start}${end > start ? `-L${end}` : ""}`;
  }

  /** "line 58" or "lines 58–60": a one-line passage never reads "lines 58–58". */
  const lineSpan = (start, end) => (end > start ? `lines ${start}–${end}` : `line ${start}`);

  /** The cells of one markdown table row ("| a | b |"), split at the pipes that are not escaped. */
  function tableCells(row) {
    return row.trim().replace(/^\|/, "").replace(/(?<!\\)\|$/, "").split(/(?<!\\)\|/)
      .map((cell) => cell.trim().replace(/\\\|/g, "|"));
  }

  /** A quoted table row under its column headers: one line per column, so base, bonus and total read apart. */
  function rowTable(header, quote) {
    const cells = tableCells(quote);
    const columns = Math.max(header.length, cells.length);
    return el("table", { class: "row-table", "data-testid": "citation-table" }, el("tbody", {},
      ...Array.from({ length: columns }, (_, i) => el("tr", {},
        el("th", { scope: "row" }, ...answers.inlineParts(header[i] ?? "")),
        el("td", {}, ...answers.inlineParts(cells[i] ?? ""))))));
  }

  function isTableRow(citation) {
    const header = citation.table_header;
    return Array.isArray(header) && header.length > 0 && citation.quote.trim().startsWith("|");
  }

  function passageContent(citation) {
    const quote = isTableRow(citation)
      ? el("div", { class: "quote row", "data-testid": "citation-quote" },
        rowTable(citation.table_header, citation.quote))
      : el("blockquote", { class: "quote", "data-testid": "citation-quote" },
        ...answers.textWithRanges(citation.quote));
    const lines = lineSpan(citation.start_line, citation.end_line);
    return [
      el("div", { class: "passage-head" },
        el("p", { class: "passage-title", text: `[${citation.number}] ${citation.company} · ${citation.role}` }),
        el("button", { type: "button", class: "icon-button", "aria-label": "Close passage",
          onclick: () => closeCitation() }, icon(CLOSE_ICON))),
      el("p", { class: "passage-meta" }, `${citation.section} · `,
        el("span", { class: "range", "data-testid": "citation-lines", text: lines })),
      quote,
      el("a", { class: "open-guide", href: guideUrl(citation), target: "_blank", rel: "noopener",
        "data-testid": "citation-guide-link" }, "Open in the guide source ↗"),
    ];
  }

  // One popover for the whole widget, moved into the answer whose chip opened it (so it scrolls with the chip).
  const popover = el("section", { class: "passage", id: nextId("passage"), role: "dialog", tabindex: "-1",
    hidden: true, "data-testid": "citation-passage" });
  let anchorChip = null; // the chip whose passage is open

  function toggleCitation(citation, chip) {
    if (anchorChip === chip) return closeCitation(); // a second click on the same chip hides it
    closeCitation({ returnFocus: false });
    anchorChip = chip;
    popover.dataset.citation = String(citation.number);
    popover.setAttribute("aria-label", `Source ${citation.number}: ${citation.company}, ${citation.section}`);
    popover.replaceChildren(...passageContent(citation));
    chip.closest(".msg").append(popover);
    popover.hidden = false;
    chip.setAttribute("aria-expanded", "true");
    placePopover();
    popover.focus({ preventScroll: true }); // Tab then reaches its close button and guide link
  }

  /** Hides the passage; by default focus goes back to the chip, as the close button vanishes with it. */
  function closeCitation({ returnFocus = true } = {}) {
    if (!anchorChip) return;
    const chip = anchorChip;
    anchorChip = null;
    popover.hidden = true;
    chip.setAttribute("aria-expanded", "false");
    if (returnFocus && chip.isConnected) chip.focus();
  }

  /**
   * Puts the passage right under its chip, or above it when it fits there and not below, within the answer's
   * width; then scrolls the log (never the page) just enough to show the chip and all of the passage.
   */
  function placePopover() {
    if (!anchorChip?.isConnected) return closeCitation({ returnFocus: false });
    const answer = popover.parentElement; // position: relative, so the offsets below are inside it
    popover.style.maxHeight = `${Math.max(180, log.clientHeight - 2 * POPOVER_GAP)}px`;
    const chip = anchorChip.getBoundingClientRect();
    const frame = answer.getBoundingClientRect();
    // The chip's place inside the answer's padding box, whatever wraps it (a list, a quote, an open detail).
    const [chipLeft, chipTop] = [chip.left - frame.left - answer.clientLeft, chip.top - frame.top - answer.clientTop];
    const left = Math.max(0, Math.min(chipLeft - 16, answer.clientWidth - popover.offsetWidth));
    const view = log.getBoundingClientRect();
    const needed = popover.offsetHeight + POPOVER_GAP;
    const above = view.bottom - chip.bottom < needed && chip.top - view.top >= needed;
    const top = above ? chipTop - popover.offsetHeight - POPOVER_GAP : chipTop + chip.height + POPOVER_GAP;
    Object.assign(popover.style, { left: `${left}px`, top: `${top}px` });
    popover.dataset.placement = above ? "above" : "below";
    const shown = popover.getBoundingClientRect();
    showInLog(Math.min(chip.top, shown.top), Math.max(chip.bottom, shown.bottom));
  }

  /** Scrolls the log by the least that shows the band top..bottom (viewport px); its top wins if both can't fit. */
  function showInLog(top, bottom) {
    const view = log.getBoundingClientRect();
    const margin = 8;
    const belowBy = bottom - (view.bottom - margin);
    const aboveBy = view.top + margin - top;
    if (belowBy > 0) log.scrollTop += Math.min(belowBy, -aboveBy);
    else if (aboveBy > 0) log.scrollTop -= aboveBy;
  }

  // ---------- one message ----------

  /**
   * Everything below the lead, behind one button so the lead stays on one screen: the response's details (table
   * rows, the guide's advice, related passages) under their titles, the figures quoted, then the sources.
   * Whether it is open is kept with the message, so a re-render or a reload shows it as the user left it.
   */
  function detailsDisclosure(message, response, view) {
    const figures = answers.distinctFigures(response.figures ?? []);
    const sections = (response.details ?? []).map((detail) =>
      section(detail.title, answers.formatAnswer(detail.text, view, 4))); // under the detail's h3
    if (figures.length) sections.push(section("Figures quoted", answers.figureList(figures, view.citations)));
    if (view.citations.length) {
      sections.push(section("Sources", el("div", { class: "sources" },
        ...view.citations.map((c) => citationChip(c, "source-chip")))));
    }
    if (!sections.length) return null;
    const body = el("div", { class: "details-body", id: nextId("details"), hidden: !message.detailsOpen,
      "data-testid": "assistant-details" }, ...sections);
    const toggle = el("button", { type: "button", class: "details-toggle",
      "aria-expanded": String(Boolean(message.detailsOpen)), "aria-controls": body.id,
      "data-testid": "assistant-details-toggle",
      onclick: () => setDetailsOpen(message, toggle, body, body.hidden) }, "Details and sources");
    return el("div", { class: "details" }, toggle, body);
  }

  function section(title, content) {
    return el("section", { class: "detail", "data-testid": "assistant-detail" },
      el("h3", { class: "detail-title", "data-testid": "assistant-detail-title", text: title }), content);
  }

  /** Opens or closes the details; closing hides a passage opened from inside them, as its chip vanishes. */
  function setDetailsOpen(message, toggle, body, open) {
    if (!open && anchorChip && body.contains(anchorChip)) closeCitation({ returnFocus: false });
    message.detailsOpen = open;
    body.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    saveState();
  }

  function errorBox(message) {
    return el("div", { class: "error", role: "alert", "data-testid": "assistant-error" },
      el("p", { text: message.error }),
      el("button", { type: "button", class: "retry", "data-testid": "assistant-retry",
        onclick: () => { if (!busy) streamReply(message); } }, "Retry"));
  }

  function renderAssistant(message) {
    const response = message.status === "done" ? message.response : null;
    const citations = response?.citations ?? [];
    const view = { citations, derived: response?.derived ?? [] };
    const text = response ? response.answer : message.text;
    const answer = el("div", { class: "answer", "data-testid": "assistant-answer" },
      text ? answers.formatAnswer(text, view) : null,
      !text && message.status === "streaming" ? progressLine(message) : null);
    return el("article", { class: `msg assistant${response?.refused ? " refused" : ""}`,
      "data-testid": "assistant-message", "data-status": message.status, "data-refused": response?.refused },
    el("span", { class: "sr-only", text: "Assistant: " }),
    message.contextLost ? contextLostNotice() : null,
    answer,
    message.status === "stopped" ? stoppedNotice(message) : null,
    response?.warnings?.length ? answers.warningList(response.warnings) : null,
    response ? detailsDisclosure(message, response, view) : null,
    response ? actionBar(message, response) : null,
    message.status === "error" ? errorBox(message) : null);
  }

  // ---------- under a finished answer: copy, rate, and what to ask next ----------

  /** The lead as plain text (figures and [n] as shown); with sources, each cited passage and its link below it. */
  function copyText(response, withSources) {
    const lead = answers.plainText(response.answer);
    if (!withSources || !response.citations?.length) return lead;
    const sources = response.citations.map((c) =>
      `[${c.number}] ${c.company} · ${c.role}, ${c.section}, ${lineSpan(c.start_line, c.end_line)}: ${guideUrl(c)}`);
    return `${lead}\n\nSources:\n${sources.join("\n")}`;
  }

  /** navigator.clipboard where the page may use it; else the older copy command on a hidden text box. */
  async function writeClipboard(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      const box = el("textarea", { class: "sr-only", "aria-hidden": "true", readonly: true });
      box.value = text;
      root.append(box);
      box.select();
      const copied = document.execCommand("copy");
      box.remove();
      return copied;
    }
  }

  function copyButton(response, withSources) {
    const label = withSources ? "Copy with sources" : "Copy";
    const button = el("button", { type: "button", class: "action",
      "data-testid": withSources ? "assistant-copy-sources" : "assistant-copy",
      onclick: async () => {
        const copied = await writeClipboard(copyText(response, withSources));
        button.textContent = copied ? "Copied" : "Copy failed";
        setTimeout(() => { button.textContent = label; }, COPIED_FOR_MS);
      } }, label);
    return button;
  }

  /**
   * Copy, copy with sources, and thumbs up or down. A thumb is sent at once; then a one-line reason may follow
   * (sent again with the same rating, which replaces the first on the server).
   */
  function actionBar(message, response) {
    const rated = message.feedback?.rating;
    const thumb = (rating, pathData, label) => el("button", { type: "button", class: "action thumb",
      "aria-pressed": String(rated === rating), "aria-label": label, title: label,
      "data-testid": `assistant-thumb-${rating}`, onclick: () => rate(message, rating) }, icon(pathData));
    const bar = el("div", { class: "actions", "data-testid": "assistant-actions" },
      copyButton(response, false), copyButton(response, true),
      response.answer_id ? el("span", { class: "thumbs" },
        thumb("up", THUMB_UP_ICON, "Helpful"), thumb("down", THUMB_DOWN_ICON, "Not helpful")) : null);
    return el("div", { class: "after-answer" }, bar, message.feedback ? feedbackForm(message) : null);
  }

  function feedbackForm(message) {
    const { rating, reason, status } = message.feedback;
    const field = el("input", { type: "text", class: "reason", maxlength: 300, "data-testid": "assistant-reason",
      "aria-label": rating === "down" ? "What was wrong? (optional)" : "What helped? (optional)",
      placeholder: rating === "down" ? "What was wrong? (optional)" : "What helped? (optional)" });
    field.value = reason ?? "";
    const form = el("form", { class: "feedback", "data-testid": "assistant-feedback",
      onsubmit: (event) => { event.preventDefault(); rate(message, rating, field.value); } },
    status === "reason-sent" ? null : field,
    status === "reason-sent" ? null : el("button", { type: "submit", class: "action", text: "Send" }),
    el("span", { class: "feedback-status", role: "status", "data-testid": "assistant-feedback-status",
      text: FEEDBACK_STATUS[status] ?? "" }));
    return form;
  }

  const FEEDBACK_STATUS = {
    sending: "Sending…",
    sent: "Thanks, your rating is saved.",
    "reason-sent": "Thanks, your rating and reason are saved.",
    failed: "Your rating could not be saved. Try again.",
  };

  async function rate(message, rating, reason = null) {
    message.feedback = { rating, reason, status: "sending" };
    refresh(message);
    try {
      const response = await fetch(`${BASE}/api/feedback`, { method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ answer_id: message.response.answer_id, rating, reason: reason || null }) });
      if (!response.ok) throw new Error(await failureReason(response));
      message.feedback.status = reason ? "reason-sent" : "sent";
    } catch {
      message.feedback.status = "failed";
    }
    saveState();
    refresh(message);
    if (message.feedback.status === "sent") nodes.get(message)?.querySelector(".reason")?.focus();
  }

  /**
   * What to ask next, under the latest answer only, and outside it: the answer keeps its one screen, and the
   * suggestions follow it. A click asks a question; a draft (the offer check) goes into the box to be finished.
   */
  let followUpsNode = null;

  function showFollowUps() {
    followUpsNode?.remove();
    followUpsNode = null;
    const latest = state.messages[state.messages.length - 1];
    const suggestions = latest?.status === "done" ? latest.response?.follow_ups ?? [] : [];
    if (!suggestions.length || !nodes.get(latest)) return;
    followUpsNode = followUpList(suggestions);
    nodes.get(latest).after(followUpsNode);
  }

  function followUpList(suggestions) {
    return el("div", { class: "follow-ups", "data-testid": "assistant-follow-ups" },
      el("p", { class: "section-label", text: "Ask next" }),
      el("ul", { class: "suggestions follow-up-list" }, ...suggestions.map((suggestion) => el("li", {},
        el("button", { type: "button", class: `suggestion follow-up ${suggestion.kind}`,
          "data-testid": "assistant-follow-up", "data-kind": suggestion.kind, title: suggestion.question,
          onclick: () => followUp(suggestion) }, suggestion.kind === "ask" ? suggestion.question : suggestion.label)))));
  }

  function followUp(suggestion) {
    if (suggestion.kind === "ask") {
      ask(suggestion.question);
      input.focus();
      return;
    }
    input.value = suggestion.question;
    growInput();
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
  }

  /** A stopped answer keeps what had arrived, marked as incomplete, with a button to ask it again. */
  function stoppedNotice(message) {
    return el("div", { class: "stopped", role: "status", "data-testid": "assistant-stopped" },
      el("p", { text: "Stopped: this answer is incomplete." }),
      el("button", { type: "button", class: "retry", "data-testid": "assistant-retry",
        onclick: () => { if (!busy) streamReply(message); } }, "Ask again"));
  }

  // The server no longer had the conversation this question continued (expired, or forgotten).
  function contextLostNotice() {
    return el("p", { class: "warning context-lost", role: "status", "data-testid": "assistant-context-lost",
      text: "I lost the earlier conversation, so this question was answered on its own." });
  }

  function renderMessage(message) {
    if (message.role === "assistant") return renderAssistant(message);
    if (message.role === "offer") return renderOffer(message);
    return el("article", { class: "msg user", "data-testid": "user-message" },
      el("span", { class: "sr-only", text: "You: " }), el("p", { text: message.text }));
  }

  // ---------- an offer letter: pasted, checked against the bands, added up, and answered ----------

  const OFFER_PARTS = [["base", "Base"], ["bonus", "Bonus"], ["sign_on", "Sign-on"], ["equity", "Equity"],
    ["relocation", "Relocation"]];

  /** What the letter states for one part, as written; "not stated" when it doesn't. */
  function offerPart(offer, key) {
    const part = offer[key];
    if (!part) return "not stated";
    if (key === "bonus") return part.amount ? part.amount.text : `${part.percent}% of base`;
    if (key === "sign_on") return part.amount.text + (part.clawback_months ? `, repayable within ${part.clawback_months} months` : "");
    if (key === "equity") {
      const grant = part.grant ? part.grant.text : `${part.shares} ${part.instrument || "shares"}, no price stated`;
      return grant + (part.years ? ` over ${part.years} years` : "")
        + (part.yearly_percent?.length ? ` (${part.yearly_percent.join("/")})` : "");
    }
    return part.text;
  }

  function offerTable(report) {
    const head = el("tr", {}, el("th", { scope: "col", text: "Part" }), el("th", { scope: "col", text: "Your letter" }));
    const rows = OFFER_PARTS.map(([key, name]) => el("tr", { "data-testid": "assistant-offer-row" },
      el("th", { scope: "row", text: name }), el("td", { text: offerPart(report.offer, key) })));
    const years = report.years.map((year) => el("tr", { "data-testid": "assistant-offer-year" },
      el("th", { scope: "row", text: `Year ${year.year} total` }), el("td", { text: year.total.text })));
    return el("table", { class: "offer-table", "data-testid": "assistant-offer-table" },
      el("thead", {}, head), el("tbody", {}, ...rows, ...years));
  }

  /** "Draft my reply": the checked e-mail, as text to send, with its own copy button. */
  function replyBox(message, report) {
    if (!report.email) return null;
    const text = el("pre", { class: "reply", "data-testid": "assistant-reply", hidden: !message.replyOpen,
      text: report.email.text });
    const copy = el("button", { type: "button", class: "action", "data-testid": "assistant-reply-copy",
      hidden: !message.replyOpen, onclick: async () => {
        const copied = await writeClipboard(report.email.text);
        copy.textContent = copied ? "Copied" : "Copy failed";
        setTimeout(() => { copy.textContent = "Copy reply"; }, COPIED_FOR_MS);
      } }, "Copy reply");
    const draft = el("button", { type: "button", class: "action", "data-testid": "assistant-draft-reply",
      "aria-expanded": String(Boolean(message.replyOpen)), onclick: () => {
        message.replyOpen = !message.replyOpen;
        text.hidden = copy.hidden = !message.replyOpen;
        draft.setAttribute("aria-expanded", String(message.replyOpen));
        saveState();
      } }, "Draft my reply");
    return el("div", { class: "reply-box" }, el("div", { class: "actions" }, draft, copy), text);
  }

  function renderOffer(message) {
    if (message.status !== "done") {
      return el("article", { class: "msg assistant", "data-testid": "assistant-message", "data-status": message.status },
        message.status === "error" ? el("p", { class: "error", role: "alert", "data-testid": "assistant-error",
          text: message.error }) : el("p", { text: "Reading your letter…" }));
    }
    const report = message.report;
    const response = report.response;
    const view = { citations: response.citations ?? [], derived: response.derived ?? [] };
    return el("article", { class: "msg assistant offer", "data-testid": "assistant-message", "data-status": "done" },
      el("span", { class: "sr-only", text: "Assistant: " }),
      el("div", { class: "answer", "data-testid": "assistant-answer" }, answers.formatAnswer(response.answer, view)),
      offerTable(report),
      response.warnings?.length ? answers.warningList(response.warnings) : null,
      detailsDisclosure(message, response, view),
      replyBox(message, report));
  }

  async function checkOffer(letter) {
    if (busy || !answers || !letter.trim()) return;
    if (!state.messages.length) log.replaceChildren();
    const asked = { role: "user", text: "My offer letter (pasted)" };
    const reply = { role: "offer", status: "loading", report: null, error: null };
    state.messages.push(asked, reply);
    appendMessage(asked);
    appendMessage(reply);
    setBusy(true);
    try {
      const response = await fetch(`${BASE}/api/offer`, { method: "POST",
        headers: { "Content-Type": "application/json" }, body: JSON.stringify({ letter, email: true }) });
      if (!response.ok) throw new Error(await failureReason(response));
      Object.assign(reply, { status: "done", report: await response.json().then((body) => body.report) });
    } catch (error) {
      Object.assign(reply, { status: "error", error: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
      const node = renderMessage(reply);
      nodes.get(reply)?.replaceWith(node);
      nodes.set(reply, node);
      saveState();
    }
  }

  // ---------- the API: POST, then server-sent events read from the fetch body ----------

  /**
   * The one-line reason a non-2xx response gives, plus the wait for a 429. A hint meant for the site's owner (a site
   * the server does not allow) goes to the console: the visitor can do nothing about it.
   */
  async function failureReason(response) {
    let detail = null;
    try {
      const body = await response.json();
      detail = body.detail;
      if (typeof body.owner_hint === "string") console.warn(`Negotiation assistant: ${body.owner_hint}`);
    } catch {} // not JSON (a proxy's error page, say): fall back to the status
    let reason = typeof detail === "string" && detail ? detail : `The assistant answered with HTTP ${response.status}.`;
    const wait = response.headers.get("Retry-After");
    if (response.status === 429 && wait) reason += ` Try again in ${wait} seconds.`;
    return reason;
  }

  /** Calls onEvent(name, parsedData) for each complete event in an SSE body. */
  async function readEvents(body, onEvent) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    let heldCR = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      // Lines may end in CRLF, LF or CR; a chunk ending in CR may be half a CRLF, so hold it back.
      const raw = heldCR + value;
      heldCR = raw.endsWith("\r") ? "\r" : "";
      buffer += (heldCR ? raw.slice(0, -1) : raw).replace(/\r\n?/g, "\n");
      for (let end = buffer.indexOf("\n\n"); end !== -1; end = buffer.indexOf("\n\n")) {
        parseEvent(buffer.slice(0, end), onEvent);
        buffer = buffer.slice(end + 2);
      }
    }
  }

  function parseEvent(block, onEvent) {
    let name = "message";
    const data = [];
    for (const line of block.split("\n")) {
      if (!line || line.startsWith(":")) continue; // ":" lines are keep-alive comments
      const colon = line.indexOf(":");
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "event") name = value;
      else if (field === "data") data.push(value);
    }
    if (data.length) onEvent(name, JSON.parse(data.join("\n")));
  }

  function applyEvent(message, name, data) {
    if (name === "meta" || name === "done") state.conversationId = data.conversation_id ?? state.conversationId;
    if (name === "meta") {
      message.contextLost = Boolean(data.context_lost);
      saveState();
    }
    else if (name === "token") message.text += data.text ?? "";
    else if (name === "replace") message.text = data.answer ?? ""; // the verifier rewrote the draft
    else if (name === "done") {
      const response = Object.fromEntries(SHOWN_FIELDS.map((field) => [field, data[field]]));
      Object.assign(message, { response, text: data.answer ?? "", status: "done", detailsOpen: false });
    }
    else if (name === "error") {
      Object.assign(message, { status: "error", error: data.message || "The assistant could not answer." });
    }
    if (name === "token" || name === "replace") refresh(message);
  }

  function describeFailure(error) {
    // fetch and stream reads reject with TypeError when the network drops.
    if (error instanceof TypeError) return "The connection to the assistant was lost. Check your connection and retry.";
    if (error instanceof SyntaxError) return "The assistant sent a reply the chat could not read.";
    return error.message;
  }

  let stopping = null; // while an answer streams: the AbortController its Stop button aborts

  async function streamReply(message) {
    Object.assign(message, { status: "streaming", text: "", response: null, error: null, feedback: null });
    const progress = startProgress(message);
    stopping = new AbortController();
    setBusy(true);
    refresh(message);
    try {
      const response = await fetch(`${BASE}/api/chat/stream`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
        body: JSON.stringify({ question: message.question, conversation_id: state.conversationId }),
        signal: stopping.signal,
      });
      if (!response.ok) throw new Error(await failureReason(response));
      await readEvents(response.body, (name, data) => applyEvent(message, name, data));
      if (message.status === "streaming") throw new Error("The connection closed before the answer was complete.");
    } catch (error) {
      if (stopping?.signal.aborted) message.status = "stopped"; // what had arrived stays, marked as incomplete
      else Object.assign(message, { status: "error", error: describeFailure(error) });
    } finally {
      stopping = null;
      progress.stop();
      setBusy(false);
      saveState();
      refresh(message, true);
    }
  }

  /** The Stop button: ends the stream; closing the connection also stops the server's work on it. */
  function stopAnswer() {
    stopping?.abort();
    input.focus();
  }

  // ---------- progress while an answer has no text yet ----------

  const PROGRESS_TEXT = {
    searching: "Looking through the guides…",
    loading: "Loading the guides for the first time since the assistant started. This takes a few seconds…",
  };
  const progressOf = new WeakMap(); // streaming message -> { stage, startedAt, checking, warm }

  /** The stage's sentence, then the seconds so far once there is one. */
  function progressParts(progress) {
    const seconds = Math.floor((Date.now() - progress.startedAt) / 1000);
    const text = PROGRESS_TEXT[progress.stage];
    return seconds >= 1 ? [text, el("span", { class: "elapsed", text: ` ${seconds} s` })] : [text];
  }

  function progressLine(message) {
    const progress = progressOf.get(message) ?? { stage: "searching", startedAt: Date.now() };
    return el("div", { class: "progress", "data-testid": "assistant-progress", "data-stage": progress.stage },
      el("p", { class: "progress-text" }, ...progressParts(progress)),
      el("span", { class: "progress-bar", "aria-hidden": "true" }));
  }

  /** Updates the line in place (re-rendering it would restart the bar's animation). */
  function showProgress(message) {
    const line = nodes.get(message)?.querySelector(".progress");
    const progress = progressOf.get(message);
    if (!line || !progress) return;
    line.dataset.stage = progress.stage;
    line.querySelector(".progress-text").replaceChildren(...progressParts(progress));
  }

  /** Whether /readyz says the model is still loading; any failure counts as "no" (the seconds still count). */
  async function serverStillLoading() {
    try {
      const response = await fetch(`${BASE}/readyz`, { headers: { Accept: "application/json" } });
      return response.ok && (await response.json()).warm === false;
    } catch {
      return false;
    }
  }

  /**
   * Keeps the line under a question alive until text arrives: it counts seconds, and once the answer is slow
   * it asks /readyz whether the server is still loading its model (the first question after a start waits
   * seconds for that), so the line can say so, and asks again each second until the model is in.
   */
  function startProgress(message) {
    const progress = { stage: "searching", startedAt: Date.now(), checking: false, warm: false };
    progressOf.set(message, progress);
    const tick = async () => {
      showProgress(message);
      if (progress.warm || progress.checking || Date.now() - progress.startedAt < SLOW_ANSWER_MS) return;
      progress.checking = true;
      const loading = await serverStillLoading();
      Object.assign(progress, { checking: false, warm: !loading, stage: loading ? "loading" : "searching" });
      showProgress(message);
    };
    const timer = setInterval(tick, 1000);
    return { stop: () => { clearInterval(timer); progressOf.delete(message); } };
  }

  // ---------- the shell: launcher, panel, message log, composer ----------

  const host = document.createElement("negotiation-assistant");
  // Inline !important beats any host-page rule; "all: initial" stops inherited fonts and colours. Set through the
  // CSSOM, not a style attribute: a host page whose Content-Security-Policy forbids inline styles still allows it.
  for (const [name, value] of [["all", "initial"], ["position", "fixed"], ["z-index", "2147483000"]]) {
    host.style.setProperty(name, value, "important");
  }
  const shadow = host.attachShadow({ mode: "open" });
  const show = () => { root.hidden = false; }; // shown even if the CSS fails: unstyled beats invisible
  const root = el("div", { class: "root", hidden: true }); // hidden until its stylesheet arrives
  const stylesheet = el("link", { rel: "stylesheet", href: `${BASE}/widget.css`, onload: show, onerror: show });

  const log = el("div", { class: "log", role: "log", "aria-live": "polite", "aria-label": "Conversation",
    "data-testid": "assistant-messages" });
  const input = el("textarea", { class: "input", rows: 1, maxlength: MAX_QUESTION_CHARS, placeholder: "Ask a question…",
    "aria-label": "Your question", "data-testid": "assistant-input" });
  const sendButton = el("button", { type: "submit", class: "send", "aria-label": "Send question",
    "data-testid": "assistant-send" }, icon(SEND_ICON));
  const stopButton = el("button", { type: "button", class: "send stop", "aria-label": "Stop answering", hidden: true,
    "data-testid": "assistant-stop", onclick: () => stopAnswer() }, icon(STOP_ICON));
  const form = el("form", { class: "composer" }, input, sendButton, stopButton);
  const letterBox = el("textarea", { class: "input letter", rows: 6, maxlength: 12000,
    placeholder: "Paste your offer letter…", "aria-label": "Your offer letter", "data-testid": "assistant-offer-letter" });
  const offerForm = el("form", { class: "offer-form", hidden: true, "data-testid": "assistant-offer-form",
    onsubmit: (event) => {
      event.preventDefault();
      const letter = letterBox.value;
      if (!letter.trim() || busy) return;
      letterBox.value = "";
      offerForm.hidden = true;
      checkOffer(letter);
    } }, letterBox, el("button", { type: "submit", class: "action", "data-testid": "assistant-offer-check" },
    "Check my offer"));
  const titleId = nextId("title");
  const panel = el("div", { class: "panel", role: "dialog", "aria-modal": "false", "aria-labelledby": titleId,
    id: nextId("panel"), hidden: true, "data-testid": "assistant-panel" },
  el("header", { class: "header" },
    el("div", {}, el("h2", { id: titleId, text: "Negotiation assistant" }),
      el("p", { class: "subtitle", text: "Answers quote the guides, with sources." })),
    el("button", { type: "button", class: "text-button", "data-testid": "assistant-paste-offer",
      onclick: () => { offerForm.hidden = !offerForm.hidden; if (!offerForm.hidden) letterBox.focus(); } }, "Paste offer"),
    el("button", { type: "button", class: "text-button", "data-testid": "assistant-new-chat", onclick: newChat },
      "New chat"),
    el("button", { type: "button", class: "icon-button", "aria-label": "Close chat",
      "data-testid": "assistant-close", onclick: () => closePanel() }, icon(CLOSE_ICON))),
  log, offerForm, form);
  const launcher = el("button", { type: "button", class: "launcher", "aria-label": "Open negotiation assistant chat",
    "aria-expanded": "false", "aria-controls": panel.id, "data-testid": "assistant-launcher",
    onclick: () => (panel.hidden ? openPanel() : closePanel()) }, icon("M4 5h16v11H8l-4 4z"));
  root.append(panel, launcher);
  shadow.append(stylesheet, root);

  const nodes = new WeakMap(); // message object -> its rendered element

  function setBusy(isBusy) {
    busy = isBusy;
    log.setAttribute("aria-busy", String(isBusy)); // screen readers read the answer once, not per token
    sendButton.disabled = isBusy;
    // While an answer streams, Stop takes Send's place; focus moves with it if it was on the button.
    const moveFocus = shadow.activeElement === (isBusy ? sendButton : stopButton);
    sendButton.hidden = isBusy;
    stopButton.hidden = !isBusy;
    if (moveFocus) (isBusy ? stopButton : input).focus();
  }

  /** Scrolls the log (only the log, never the host page) so a node starts at its top. */
  function scrollToTop(node) {
    log.scrollTop += node.getBoundingClientRect().top - log.getBoundingClientRect().top - 8;
  }

  /** Re-renders one message in place. While streaming, the view follows the text if it was at the end. */
  function refresh(message, finished = false) {
    const old = nodes.get(message);
    if (!old) return;
    const following = log.scrollHeight - log.scrollTop - log.clientHeight < 48;
    const fresh = renderMessage(message);
    nodes.set(message, fresh);
    old.replaceWith(fresh);
    if (state.messages[state.messages.length - 1] === message) showFollowUps();
    if (!following) return;
    log.scrollTop = log.scrollHeight;
    // A finished answer is read from the top: when it does not fit, scroll back to its question. When it fits (its
    // lead and warnings are meant to), the end stays in view, so all of it shows even if its question scrolls away;
    // if the suggestions under it push its top out of view, the answer wins and they wait below.
    const question = fresh.previousElementSibling;
    if (!finished || !question) return;
    const topHidden = fresh.getBoundingClientRect().top < log.getBoundingClientRect().top;
    if (fresh.offsetHeight > log.clientHeight) scrollToTop(question);
    else if (topHidden) scrollToTop(question.offsetHeight + fresh.offsetHeight + 24 <= log.clientHeight ? question : fresh);
  }

  function appendMessage(message) {
    const node = renderMessage(message);
    nodes.set(message, node);
    log.append(node);
  }

  function renderLog() {
    closeCitation({ returnFocus: false });
    log.replaceChildren();
    if (!state.messages.length) {
      log.append(el("div", { class: "empty" },
        el("p", { text: "Ask about pay ranges, what to ask for, or how to negotiate. Try:" }),
        el("ul", { class: "suggestions" }, ...SUGGESTIONS.map((question) => el("li", {},
          el("button", { type: "button", class: "suggestion", "data-testid": "assistant-suggestion",
            onclick: () => { ask(question); input.focus(); } }, question))))));
    }
    state.messages.forEach(appendMessage);
    showFollowUps();
    log.scrollTop = log.scrollHeight;
  }

  function ask(rawQuestion) {
    const question = rawQuestion.trim();
    if (!question || busy || !answers) return; // no answer can be shown before widget-answer.js is in
    if (!state.messages.length) log.replaceChildren(); // drop the suggestions
    const asked = { role: "user", text: question };
    const reply = { role: "assistant", question, text: "", response: null, status: "streaming", error: null };
    state.messages.push(asked, reply);
    showFollowUps(); // the earlier answer's suggestions go: they belong to the latest answer only
    appendMessage(asked);
    appendMessage(reply);
    log.scrollTop = log.scrollHeight;
    streamReply(reply);
  }

  function newChat() {
    if (busy) return;
    Object.assign(state, { messages: [], conversationId: null });
    saveState();
    renderLog();
    input.focus();
  }

  /** Opening focuses the input; closing returns focus to the launcher that opened the panel. */
  function setOpen(open) {
    if (!open) closeCitation({ returnFocus: false });
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", String(open));
    launcher.setAttribute("aria-label", `${open ? "Close" : "Open"} negotiation assistant chat`);
    if (open) log.scrollTop = log.scrollHeight;
    (open ? input : launcher).focus();
  }
  const openPanel = () => setOpen(true);
  const closePanel = () => setOpen(false);

  function growInput() {
    input.style.height = "auto";
    input.style.height = `${Math.min(input.scrollHeight + 2, 140)}px`;
  }

  function sendInput() {
    if (busy || !input.value.trim()) return; // keep the typed text until it can be sent
    ask(input.value);
    input.value = "";
    growInput();
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    sendInput();
  });
  input.addEventListener("input", growInput);
  input.addEventListener("keydown", (event) => {
    // Enter sends, Shift+Enter makes a newline; never send in the middle of an IME composition.
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      sendInput();
    }
  });

  /** On a phone the panel covers the whole page, so it is modal: Tab and Shift+Tab cycle inside it. */
  function keepTabInside(event) {
    const stops = [...panel.querySelectorAll(FOCUSABLE)].filter((node) => node.getClientRects().length > 0);
    if (!stops.length) return;
    const [first, last] = [stops[0], stops[stops.length - 1]];
    const active = shadow.activeElement;
    if (event.shiftKey && active === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  }

  const markModal = () => panel.setAttribute("aria-modal", String(PHONE_LAYOUT.matches));
  markModal();
  PHONE_LAYOUT.addEventListener("change", markModal);

  panel.addEventListener("keydown", (event) => {
    // Escape closes the innermost thing open: a passage first, then the panel.
    if (event.key === "Escape") {
      if (anchorChip) closeCitation();
      else closePanel();
    } else if (event.key === "Tab" && PHONE_LAYOUT.matches) {
      keepTabInside(event);
    }
  });
  // A passage is dismissed by a press anywhere outside it (its own chip toggles it instead).
  document.addEventListener("pointerdown", (event) => {
    const path = event.composedPath();
    if (anchorChip && !path.includes(popover) && !path.includes(anchorChip)) closeCitation({ returnFocus: false });
  }, true);
  window.addEventListener("resize", () => {
    if (anchorChip) placePopover();
  });
  // Host pages often bind single-key shortcuts; keep typing in the chat from reaching them.
  for (const type of ["keydown", "keyup", "keypress"]) root.addEventListener(type, (event) => event.stopPropagation());
  // A clicked Retry button is replaced at once; keep focus in the chat instead of losing it to <body>.
  log.addEventListener("click", (event) => {
    if (event.target.closest?.(".retry")) input.focus();
  });

  /** The chat appears once its answer renderer is in; without it, the launcher opens a panel that says so. */
  function start(renderer) {
    answers = renderer;
    if (answers) renderLog();
    else {
      log.replaceChildren(el("p", { class: "error", role: "alert", "data-testid": "assistant-error",
        text: "The chat could not load. Reload the page to try again." }));
      input.disabled = sendButton.disabled = true;
    }
    const mount = () => document.body.append(host);
    if (document.body) mount();
    else document.addEventListener("DOMContentLoaded", mount);
  }

  // widget-answer.js hands over its renderer in an event on its own <script> element, before that element's load.
  const answerScript = el("script", { src: `${BASE}/widget-answer.js`, onload: () => start(answers),
    onerror: () => start(null) });
  answerScript.addEventListener("negotiation-assistant:answer-view", (event) => {
    answers = event.detail({ chip: citationChip });
  });
  (document.head || document.documentElement).append(answerScript);

  // A small handle for tests and for host pages that want to open the chat from their own button.
  window.NegotiationAssistant = Object.freeze({ open: openPanel, close: closePanel, ask, baseUrl: BASE });
})();
