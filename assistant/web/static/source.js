/*
 * Guide source viewer: /guides/{company}/{role}#L30 or #L30-L42 (an ES module: source.html loads it).
 *
 * Fetches GET /api/guides/{id} and shows the guide as a document (tables as tables, headings, lists, quotes),
 * or with ?view=source as its markdown, line by line. Either way the element showing line n has id "L{n}",
 * and the lines named in the URL hash are highlighted and scrolled clear of the sticky note. Guide text is
 * untrusted: it is only ever set as text, so markup in a guide shows as text.
 */
import { renderDocument } from "./guide-document.js";

const MARKER = "/guides/";
const $ = (id) => document.getElementById(id);

/** createElement with attributes; "text" sets textContent. */
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value == null) continue;
    if (key === "text") node.textContent = value;
    else node.setAttribute(key, String(value));
  }
  node.append(...children);
  return node;
}

/** "line 58" or "lines 58–60": a one-line span never reads "lines 58–58". */
const lineSpan = (start, end) => (end > start ? `lines ${start}–${end}` : `line ${start}`);
const capitalised = (text) => text.charAt(0).toUpperCase() + text.slice(1);

/** "document" (the default) or "source" (?view=source): the markdown, line by line. */
function currentView() {
  return new URLSearchParams(location.search).get("view") === "source" ? "source" : "document";
}

/** The guide id and the path prefix the app is mounted under, from location.pathname. */
function guideLocation() {
  const path = location.pathname;
  const at = path.indexOf(MARKER);
  if (at === -1) return null;
  const rest = path.slice(at + MARKER.length).replace(/\/+$/, "");
  try {
    const id = rest.split("/").map(decodeURIComponent).join("/");
    return id ? { prefix: path.slice(0, at), id } : null;
  } catch {
    return null; // malformed percent-encoding
  }
}

/** "#L30" -> {start: 30, end: 30}; "#L30-L42" (or "#L30-42") -> {start: 30, end: 42}. */
function parseHash(hash) {
  const match = /^#L(\d+)(?:-L?(\d+))?$/.exec(hash);
  if (!match) return null;
  const start = Number(match[1]);
  const end = match[2] ? Number(match[2]) : start;
  return { start: Math.min(start, end), end: Math.max(start, end) };
}

function showStatus(message, isError = false) {
  const status = $("status");
  status.textContent = message;
  status.classList.toggle("error", isError);
  status.hidden = !message;
}

function headingLabel(section) {
  return Array.isArray(section.heading_path) && section.heading_path.length
    ? section.heading_path.join(" › ") : section.heading;
}

/** The innermost section holding a line: the latest-starting one whose span contains it. */
function sectionAt(sections, line) {
  return sections
    .filter((s) => s.start_line <= line && line <= s.end_line)
    .reduce((best, s) => (!best || s.start_line >= best.start_line ? s : best), null);
}

function renderHeader(guide) {
  const company = guide.company || guide.id;
  const role = guide.role || "";
  document.title = `${company} ${role} – guide source`;
  $("title").textContent = role ? `${role} · ${company}` : company;
  const facts = [`${guide.id}.md`, `${guide.source_lines.length} lines`];
  if (guide.last_updated) facts.push(`last updated ${guide.last_updated}`);
  $("subtitle").textContent = facts.join(" · ");
}

function renderSections(sections) {
  if (!sections.length) return;
  const list = $("section-list");
  for (const section of sections) {
    const depth = Array.isArray(section.heading_path) ? section.heading_path.length : 1;
    const item = el("li", {},
      el("a", { href: `#L${section.start_line}`, text: section.heading || "(untitled)" }),
      el("span", { class: "span", text: ` ${lineSpan(section.start_line, section.end_line)}` }));
    // Through the CSSOM: the page's Content-Security-Policy refuses style attributes.
    item.style.marginLeft = `${Math.max(0, depth - 1)}em`;
    list.append(item);
  }
  $("sections").hidden = false;
}

/** The markdown as written: one div.line per source line. */
function renderLines(lines) {
  const fragment = document.createDocumentFragment();
  lines.forEach((text, index) => {
    const number = index + 1;
    fragment.append(el("div", { class: "line", id: `L${number}`, "data-line": number },
      el("a", { class: "ln", href: `#L${number}`, "aria-label": `Line ${number}`, text: String(number) }),
      el("span", { class: "text", text })));
  });
  return fragment;
}

function renderGuide(guide, view) {
  const asDocument = view === "document" && Array.isArray(guide.document);
  $("source").replaceChildren(asDocument ? renderDocument(guide.document) : renderLines(guide.source_lines));
  $("source").classList.toggle("as-document", asDocument);
  linkToOtherView();
}

/** The view switch: a plain link to the same lines in the other view (?view=source or none). */
function linkToOtherView() {
  const link = $("view-toggle");
  const query = new URLSearchParams(location.search);
  const toSource = currentView() === "document";
  if (toSource) query.set("view", "source");
  else query.delete("view");
  link.href = `${location.pathname}${query.size ? `?${query}` : ""}${location.hash}`;
  link.textContent = toSource ? "Show the markdown source" : "Show the formatted guide";
  link.hidden = false;
}

// ---------- the cited lines: highlighted, and scrolled clear of the sticky note ----------

function renderedLines() {
  return [...document.querySelectorAll("#source [data-line]")];
}

/** The elements showing lines start..end; a blank line or a table's |---| row shows nothing, so fall forward. */
function linesToMark(start, end) {
  const all = renderedLines();
  const inside = all.filter((node) => start <= Number(node.dataset.line) && Number(node.dataset.line) <= end);
  if (inside.length) return inside;
  const next = all.find((node) => Number(node.dataset.line) > end);
  return next ? [next] : all.slice(-1);
}

/**
 * Centres the cited lines when they fit below the sticky note, else puts their top just under it.
 * The note's height varies (it wraps on phones), so it is measured and handed to CSS scroll-margin.
 */
function bringIntoView(nodes) {
  const note = $("highlight-note");
  const noteSpace = note.hidden ? 16 : note.offsetHeight + 16;
  document.documentElement.style.setProperty("--note-space", `${noteSpace}px`);
  const height = nodes[nodes.length - 1].getBoundingClientRect().bottom - nodes[0].getBoundingClientRect().top;
  nodes[0].scrollIntoView({ block: height <= window.innerHeight - noteSpace - 32 ? "center" : "start" });
}

function highlight(guide) {
  for (const line of document.querySelectorAll("#source .hl")) line.classList.remove("hl");
  const note = $("highlight-note");
  const range = parseHash(location.hash);
  const count = guide.source_lines.length;
  if (!range || range.start > count) {
    note.hidden = !range;
    note.textContent = range ? `Line ${range.start} is past the end of this guide (${count} lines).` : "";
    return;
  }
  const end = Math.min(range.end, count);
  const marked = linesToMark(range.start, end);
  if (!marked.length) return; // an empty guide
  for (const node of marked) {
    node.classList.add("hl");
    node.closest("details")?.setAttribute("open", ""); // a line in the collapsed front matter
  }
  const section = sectionAt(guide.sections || [], range.start);
  const span = capitalised(lineSpan(range.start, end));
  note.textContent = section ? `${span}, in “${headingLabel(section)}”` : span;
  note.hidden = false;
  bringIntoView(marked);
  marked[0].tabIndex = -1; // focusable by script only, not a tab stop
  marked[0].focus({ preventScroll: true }); // so screen readers and the keyboard start at the cited line
}

async function failureReason(response) {
  try {
    const body = await response.json();
    if (typeof body.detail === "string" && body.detail) return body.detail;
  } catch {
    // Not JSON: fall through to the status code.
  }
  return response.status === 404 ? "No guide with this id." : `The server answered with HTTP ${response.status}.`;
}

async function main() {
  const where = guideLocation();
  if (!where) return showStatus("This address names no guide: expected /guides/{company}/{role}.", true);
  const path = where.id.split("/").map(encodeURIComponent).join("/");
  let guide;
  try {
    const response = await fetch(`${where.prefix}/api/guides/${path}`, { headers: { Accept: "application/json" } });
    if (!response.ok) return showStatus(`Could not load guide “${where.id}”: ${await failureReason(response)}`, true);
    guide = await response.json();
  } catch {
    return showStatus("Could not reach the server to load this guide. Check your connection and reload.", true);
  }
  guide.source_lines = Array.isArray(guide.source_lines) ? guide.source_lines : [];
  renderHeader(guide);
  renderSections(Array.isArray(guide.sections) ? guide.sections : []);
  renderGuide(guide, currentView());
  showStatus("");
  highlight(guide);
  window.addEventListener("hashchange", () => {
    linkToOtherView(); // the switch keeps pointing at the lines now named
    highlight(guide);
  });
}

main();
