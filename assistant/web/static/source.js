/*
 * Guide source viewer: /guides/{company}/{role}#L30 or #L30-L42.
 *
 * Fetches GET /api/guides/{id}, shows every source line with its number (element id "L{n}"),
 * and highlights and scrolls to the lines named in the URL hash. Guide text is untrusted:
 * it is only ever set with textContent, so markup in a guide shows as text.
 */
(() => {
  "use strict";

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
      list.append(el("li", { style: `margin-left: ${Math.max(0, depth - 1)}em` },
        el("a", { href: `#L${section.start_line}`, text: section.heading || "(untitled)" }),
        el("span", { class: "span", text: ` L${section.start_line}–${section.end_line}` })));
    }
    $("sections").hidden = false;
  }

  function renderLines(lines) {
    const fragment = document.createDocumentFragment();
    lines.forEach((text, index) => {
      const number = index + 1;
      fragment.append(el("div", { class: "line", id: `L${number}` },
        el("a", { class: "ln", href: `#L${number}`, "aria-label": `Line ${number}`, text: String(number) }),
        el("span", { class: "text", text })));
    });
    $("source").replaceChildren(fragment);
  }

  function highlight(guide) {
    for (const line of document.querySelectorAll(".line.hl")) line.classList.remove("hl");
    const note = $("highlight-note");
    const range = parseHash(location.hash);
    const count = guide.source_lines.length;
    if (!range || range.start > count) {
      note.hidden = !range;
      note.textContent = range ? `Line ${range.start} is past the end of this guide (${count} lines).` : "";
      return;
    }
    const end = Math.min(range.end, count);
    for (let n = range.start; n <= end; n++) $(`L${n}`).classList.add("hl");
    const section = sectionAt(guide.sections || [], range.start);
    const span = end > range.start ? `Lines ${range.start}–${end}` : `Line ${range.start}`;
    note.textContent = section ? `${span}, in “${headingLabel(section)}”` : span;
    note.hidden = false;
    const first = $(`L${range.start}`);
    first.scrollIntoView({ block: "center" });
    first.tabIndex = -1; // focusable by script only, not a tab stop
    first.focus({ preventScroll: true }); // so screen readers and the keyboard start at the cited line
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
    renderLines(guide.source_lines);
    showStatus("");
    highlight(guide);
    window.addEventListener("hashchange", () => highlight(guide));
  }

  main();
})();
