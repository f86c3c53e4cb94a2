/*
 * The guide as a document: turns the typed blocks of GET /api/guides/{id} (its "document" field) into DOM
 * nodes for the source viewer. Guide text is untrusted, so it only ever becomes text nodes; a link keeps its
 * address only when it is http(s) or mailto (the server checks too). Every rendered source line is an
 * element with id "L{n}" and data-line="n" that holds an a.ln link to itself, so #L58 still names line 58.
 */

const SAFE_HREF = /^(?:https?:|mailto:)/i;
// A money range ("£195K - £275K", "HK$1.95M–HK$2.70M", "15-25%"): shown as one unbreakable span.
// The same pattern as widget.js's MONEY_RANGE (two files, no build step to share it).
const AMOUNT = String.raw`(?:[A-Z]{1,3}\$|[$£€¥₹₪])?\d[\d,]*(?:\.\d+)?(?: ?(?:bn|[KMBkm])\b)?(?: ?kr\b)?%?\+?`;
const MONEY_RANGE = new RegExp(`(${AMOUNT}[ \u00a0]*[-–—][ \u00a0]*${AMOUNT})`);
const ALIGNMENTS = new Set(["left", "center", "right"]);

/** createElement with attributes; "text" sets textContent. */
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value == null) continue;
    if (key === "text") node.textContent = value;
    else node.setAttribute(key, String(value));
  }
  node.append(...children.filter((child) => child != null));
  return node;
}

function lineLink(number) {
  return el("a", { class: "ln", href: `#L${number}`, "aria-label": `Line ${number}`, text: String(number) });
}

/** Marks `node` as the rendering of source line `number`; its number link goes into `holder` (a table cell). */
function asLine(node, number, holder = node) {
  node.id = `L${number}`;
  node.dataset.line = String(number);
  holder.prepend(lineLink(number));
  return node;
}

// ---------- inline content ----------

/** The text as written, with each money range in a span.range (white-space: nowrap). */
function textWithRanges(text) {
  // With a capturing group, split() puts the ranges at the odd indexes.
  const parts = text.split(MONEY_RANGE)
    .map((part, index) => (index % 2 ? el("span", { class: "range", text: part }) : part));
  const fragment = document.createDocumentFragment();
  fragment.append(...parts.filter(Boolean));
  return fragment;
}

function inline(nodes = []) {
  return nodes.map(inlineNode);
}

function inlineNode(node) {
  const children = () => inline(node.children);
  switch (node.kind) {
    case "text": return textWithRanges(node.text);
    case "code": return el("code", { text: node.text });
    case "break": return el("br");
    case "strong": return el("strong", {}, ...children());
    case "em": return el("em", {}, ...children());
    case "strike": return el("s", {}, ...children());
    case "link":
      return typeof node.href === "string" && SAFE_HREF.test(node.href)
        ? el("a", { href: node.href, target: "_blank", rel: "noopener noreferrer" }, ...children())
        : el("span", {}, ...children());
    default: return el("span", {}, ...children());
  }
}

// ---------- blocks ----------

function heading(block) {
  // The page's own title is the h1, so a guide's "#" is an h2, "###" an h4, and so on.
  const level = Math.min(6, Math.max(1, block.level || 1) + 1);
  return asLine(el(`h${level}`, { class: "doc-heading" }, ...inline(block.lines[0]?.content)), block.start_line);
}

function paragraph(block) {
  const tag = block.tight ? "div" : "p"; // a tight list item's text gets no paragraph spacing
  if (block.lines.length === 1) return asLine(el(tag, {}, ...inline(block.lines[0].content)), block.lines[0].number);
  // Several source lines: each is its own addressable span, joined by spaces as markdown joins them.
  return el(tag, {}, ...block.lines.flatMap((line, index) => [index ? " " : null,
    asLine(el("span", { class: "src-line" }, ...inline(line.content)), line.number)]));
}

function codeLines(lines) {
  return lines.map((line) => asLine(el("span", { class: "code-line" }, ...inline(line.content)), line.number));
}

function table(block) {
  const cell = (row, content, column) => {
    const align = block.align[column];
    return el(row.header ? "th" : "td", { scope: row.header ? "col" : null,
      class: ALIGNMENTS.has(align) ? `align-${align}` : null }, ...inline(content));
  };
  const tableRow = (row) => {
    const cells = row.cells.length ? row.cells.map((content, column) => cell(row, content, column)) : [el("td")];
    return asLine(el("tr", {}, ...cells), row.line, cells[0]);
  };
  const head = block.rows.filter((row) => row.header);
  const body = block.rows.filter((row) => !row.header);
  return el("div", { class: "table-wrap" }, el("table", {},
    head.length ? el("thead", {}, ...head.map(tableRow)) : null, el("tbody", {}, ...body.map(tableRow))));
}

const RENDERERS = {
  heading,
  paragraph,
  table,
  list: (block) => el(block.ordered ? "ol" : "ul", { start: block.ordered && block.start !== 1 ? block.start : null },
    ...blocks(block.children)),
  item: (block) => el("li", {}, ...blocks(block.children)),
  quote: (block) => el("blockquote", {}, ...blocks(block.children)),
  rule: (block) => asLine(el("div", { class: "rule" }, el("hr")), block.start_line),
  code: (block) => el("pre", { class: "code" }, ...codeLines(block.lines)),
  front_matter: (block) => el("details", { class: "front-matter" },
    el("summary", { text: `Front matter (YAML, lines ${block.start_line}–${block.end_line})` }),
    el("pre", { class: "code" }, ...codeLines(block.lines))),
};

function blocks(list = []) {
  return list.map((block) => RENDERERS[block.kind]?.(block)).filter(Boolean);
}

/** The whole document, ready to insert; blocks of a kind this viewer does not know are left out. */
export function renderDocument(documentBlocks) {
  return el("div", { class: "doc" }, ...blocks(documentBlocks));
}
