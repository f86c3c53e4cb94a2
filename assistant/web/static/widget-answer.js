/*
 * How the chat widget shows an answer's text: paragraphs, lists, "> " quotes, "#" headings, "| a | b |" tables,
 * **bold**, [n] citation chips, money ranges that never wrap inside, derived figures with their rule; the figure
 * list and warnings under it; and the answer as plain text, for copying.
 *
 * widget.js loads this file as a classic script from {base}/widget-answer.js (like widget.js itself, it needs no
 * CORS) and starts the chat once it has run. It adds no global: it hands its one function, createAnswerView, to
 * widget.js in an event on its own <script> element. Safety rule as in widget.js: text only ever becomes text nodes.
 */
(() => {
  "use strict";

  const script = document.currentScript;
  if (!script) return; // not loaded by widget.js

  const COMPONENT_LABELS = { base: "Base", stock: "Stock", bonus: "Bonus", total: "Total comp", pnl: "PnL share",
    sign_on: "Sign-on", other: "Other" };
  const WARNING_LABELS = { stale: "Stale data", defect: "Data defect", not_covered: "Not covered",
    verification: "Check", llm_error: "Model error" };
  const LIST_ITEM = /^\s*(?:[-*•]|\d+[.)])\s+/;
  const QUOTE_LINE = /^\s*> ?/; // markdown quote: "> text", or a bare ">" between quoted paragraphs
  const HEADING_LINE = /^\s*(#{1,6})\s+(.*?)\s*#*\s*$/; // "#### Level Mapping": a heading, whatever its depth
  const TABLE_LINE = /^\s*\|/; // "| a | b |": a markdown table row (the guides write their tables this way)
  const TABLE_RULE = /^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$/; // "|---|:---:|"
  const TRAILING_MARKER = /\s*(\[\d+(?:\s*,\s*\d+)*\])\s*$/; // "| … | [1]": the row's citation, after it
  // A money range ("£195K - £275K", "HK$1.95M–HK$2.70M", "15-25%") is shown as one span that never wraps inside.
  // guide-document.js (the source view) uses the same pattern (no build step to share it).
  const AMOUNT = String.raw`(?:[A-Z]{1,3}\$|[$£€¥₹₪])?\d[\d,]*(?:\.\d+)?(?: ?(?:bn|[KMBkm])\b)?(?: ?kr\b)?%?\+?`;
  const MONEY_RANGE = new RegExp(`(${AMOUNT}[ \u00a0]*[-–—][ \u00a0]*${AMOUNT})`);

  /** createElement with attributes; "text" sets textContent. (widget.js has the same helper, with listeners.) */
  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (value == null || value === false) continue;
      if (key === "text") node.textContent = value;
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    node.append(...children.filter((child) => child != null && child !== ""));
    return node;
  }

  /**
   * The renderer for one widget. `chip(citation)` makes the button that opens a citation's passage: the popover is
   * widget.js's business, so it passes the function in.
   */
  function createAnswerView({ chip }) {
    // ---------- answer text: paragraphs, lists, "> " quotes, **bold** and [n] citation chips ----------

    /** What one line of answer text is; consecutive lines of the same kind render as one element. */
    function lineKind(line) {
      if (QUOTE_LINE.test(line)) return "quote";
      if (HEADING_LINE.test(line)) return "heading";
      if (TABLE_LINE.test(line)) return "table";
      const item = line.match(LIST_ITEM);
      if (item) return /\d/.test(item[0]) ? "ol" : "ul";
      return "p";
    }

    /** Splits lines into runs of the same kind: [{ kind, lines }, ...] in order. */
    function runsOf(lines) {
      const runs = [];
      for (const line of lines) {
        const kind = lineKind(line);
        const last = runs[runs.length - 1];
        if (last?.kind === kind && kind !== "heading") last.lines.push(line); // each heading stands alone
        else runs.push({ kind, lines: [line] });
      }
      return runs;
    }

    /**
     * Answer text as DOM; `view` holds the response's citations (for chips) and derived figures (for their rules).
     * `headingLevel` is the level a "#" heading in the text becomes: one below the heading the text sits under
     * (the panel's title is an h2, a detail's title an h3), so headings stay in order for screen readers.
     */
    function formatAnswer(text, view, headingLevel = 3) {
      const fragment = document.createDocumentFragment();
      // A blank line ends a block; inside a block the engine mixes a lead-in line with a list or a quote,
      // so each block is cut into runs rather than rendered as one list or one paragraph.
      for (const block of text.split(/\n\s*\n/)) {
        const lines = block.split("\n").filter((line) => line.trim());
        for (const run of runsOf(lines)) fragment.append(renderRun(run, view, headingLevel));
      }
      return fragment;
    }

    function renderRun({ kind, lines }, view, headingLevel) {
      const inline = (line) => inlineParts(line, view);
      if (kind === "quote") {
        // The quoted text is formatted like an answer of its own, so bold, chips, lists, headings and tables work
        // inside it and a bare ">" line separates its paragraphs.
        const inner = lines.map((line) => line.replace(QUOTE_LINE, "")).join("\n");
        return el("blockquote", { class: "answer-quote" }, formatAnswer(inner, view, headingLevel));
      }
      if (kind === "heading") {
        const level = Math.min(6, headingLevel);
        return el(`h${level}`, { class: "answer-heading", "data-testid": "answer-heading" },
          ...inline(lines[0].match(HEADING_LINE)[2]));
      }
      if (kind === "table") return answerTable(lines, view);
      if (kind === "ul" || kind === "ol") {
        // Keep the source's numbering when prose interrupts an ordered list ("3." starts at 3).
        const start = kind === "ol" ? parseInt(lines[0].trim(), 10) : 1;
        return el(kind, { start: start > 1 ? start : null },
          ...lines.map((line) => el("li", {}, ...inline(line.replace(LIST_ITEM, "")))));
      }
      return el("p", {}, ...lines.flatMap((line, i) => [i ? el("br") : null, ...inline(line)]));
    }

    /**
     * A markdown table as a table: the row above a "|---|" rule is its header. A row's trailing citation marker
     * ("| … | [1]") becomes a chip in its last cell. Wide tables scroll sideways inside their own box.
     */
    function answerTable(lines, view) {
      const hasHeader = lines.length > 1 && TABLE_RULE.test(lines[1]);
      const rows = lines.filter((line) => !TABLE_RULE.test(line)).map((line) => {
        const marker = line.match(TRAILING_MARKER);
        return { cells: cellsOf(marker ? line.slice(0, marker.index) : line), marker: marker?.[1] };
      });
      const cell = (tag, row, text, i) => el(tag, tag === "th" ? { scope: "col" } : {},
        ...inlineParts(i === row.cells.length - 1 && row.marker ? `${text} ${row.marker}` : text, view));
      const tr = (row, tag) => el("tr", {}, ...row.cells.map((text, i) => cell(tag, row, text, i)));
      const [head, ...body] = hasHeader ? rows : [null, ...rows];
      return el("div", { class: "answer-table-wrap", role: "region", tabindex: 0, "aria-label": "Table" },
        el("table", { class: "answer-table", "data-testid": "answer-table" },
          head ? el("thead", {}, tr(head, "th")) : null,
          el("tbody", {}, ...body.map((row) => tr(row, "td")))));
    }

    /** The cells of one markdown table row ("| a | b |"), split at the pipes that are not escaped. */
    function cellsOf(row) {
      return row.trim().replace(/^\|/, "").replace(/(?<!\\)\|$/, "").split(/(?<!\\)\|/)
        .map((cell) => cell.trim().replace(/\\\|/g, "|"));
    }

    /**
     * Text, <strong> and chip nodes for one line. A marker with no matching citation stays text. Chips keep the
     * punctuation right after them ("band [1].") on their line, so a "." or ";" never starts a line of its own.
     */
    function inlineParts(line, { citations = [], derived = [] } = {}) {
      // With a capturing group, split() puts the matched markers at the odd indexes.
      const parts = line.split(/(\*\*[^*\n]+\*\*|\[\d+(?:\s*,\s*\d+)*\])/);
      let taken = 0; // characters of punctuation the chips before this text took with them
      return parts.flatMap((part, i) => {
        if (i % 2 === 0) {
          const text = part.slice(taken);
          taken = 0;
          return textWithRanges(text, derived);
        }
        if (part.startsWith("**")) return [el("strong", {}, ...textWithRanges(part.slice(2, -2), derived))];
        const found = part.slice(1, -1).split(",").map((n) => citations.find((c) => c.number === Number(n)));
        if (!found.every(Boolean)) return [part];
        const punctuation = parts[i + 1].match(/^[.,;:!?)]*/)[0];
        taken = punctuation.length;
        return [el("span", { class: "cited" }, ...found.map((c) => chip(c)), punctuation)];
      });
    }

    /**
     * The text exactly as sent, with each money range in a span.range (white-space: nowrap), so
     * "£195K - £275K" wraps as one unit and never as "£195K -⏎£275K". Only the rendering changes, never the text.
     */
    function textWithRanges(text, derived = []) {
      const pattern = derivedPattern(derived);
      if (!pattern) return rangesIn(text);
      // Odd indexes are a derived figure's text: it gets a span that tells its rule (see derivedFigure).
      return text.split(pattern).flatMap((part, i) =>
        (i % 2 ? [derivedFigure(derived.find((figure) => figure.text === part))] : rangesIn(part)));
    }

    function rangesIn(text) {
      return text.split(MONEY_RANGE).filter(Boolean)
        .map((part) => (MONEY_RANGE.test(part) ? el("span", { class: "range", text: part }) : part));
    }

    /** Matches any derived figure's text as a whole figure ("£20K" never inside "£205K"); null if there are none. */
    function derivedPattern(derived) {
      const texts = derived.map((figure) => figure.text).filter(Boolean).sort((a, b) => b.length - a.length);
      if (!texts.length) return null;
      const escaped = texts.map((text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
      return new RegExp(`(?<![\\w.])(${escaped.join("|")})(?![\\w])`);
    }

    /**
     * A figure the answer computed (a fair ask from a band's top quarter, a difference): its rule and the sources it
     * comes from show on hover (title) and on keyboard focus (widget.css shows data-rule beside it).
     */
    function derivedFigure(figure) {
      const sources = [...new Set(figure.inputs.map((input) => input.citation))];
      const rule = `Computed from source${sources.length > 1 ? "s" : ""} ${sources.join(", ")}: ${figure.rule}`;
      return el("span", { class: "range derived", tabindex: 0, title: rule, "data-rule": rule,
        "data-testid": "derived-figure" }, figure.text);
    }

    // ---------- figures and warnings ----------

    /** Region keys look like "new-york"; labels as written ("New York (HQ)") pass through. */
    const prettyRegion = (region) => (/^[a-z0-9-]+$/.test(region)
      ? region.split("-").map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join(" ") : region);

    /**
     * The small label above a figure. Benchmarks say where and what ("London · Base"); advice figures (a
     * guide's own anchor or walk-away numbers) usually have neither, so they name whose advice it is.
     * When an answer quotes several guides, benchmark labels name the company too, or they would be ambiguous.
     */
    function figureLabel(figure, citation, severalGuides) {
      const source = citation?.company || figure.guide_id;
      const detail = [figure.region && prettyRegion(figure.region), COMPONENT_LABELS[figure.component]].filter(Boolean);
      if (figure.kind === "advice") return ["Advice", source, ...detail].join(" · ");
      return (severalGuides || !detail.length ? [source, ...detail] : detail).join(" · ");
    }

    /** Each figure once: an answer may quote one figure in its lead and again in a detail. */
    function distinctFigures(figures) {
      const seen = new Set();
      return figures.filter((figure) => {
        const key = [figure.kind, figure.text, figure.citation, figure.region, figure.component].join("|");
        return !seen.has(key) && seen.add(key);
      });
    }

    function figureList(figures, citations) {
      const severalGuides = new Set(figures.map((figure) => figure.guide_id)).size > 1;
      return el("ul", { class: "figure-list" }, ...figures.map((figure) => {
          const citation = citations.find((c) => c.number === figure.citation);
          return el("li", { class: "figure", "data-testid": "figure", "data-kind": figure.kind },
            el("span", { class: "figure-what", text: figureLabel(figure, citation, severalGuides) }),
            el("span", { class: "figure-text" }, ...textWithRanges(figure.text)),
            el("span", { class: `badge ${figure.kind}`, text: figure.kind === "advice" ? "Advice" : "Benchmark" }),
            citation ? chip(citation) : null);
      }));
    }

    /**
     * Warnings stay in sight, one per problem: each is two lines at most (its label and how it starts) until opened,
     * so the lead above them stays on one screen. A warning repeated word for word is shown once.
     */
    function warningList(warnings) {
      const distinct = warnings.filter((warning, i) =>
        warnings.findIndex((other) => other.kind === warning.kind && other.message === warning.message) === i);
      return el("div", { class: "warnings" }, ...distinct.map((warning) =>
        el("details", { class: `warning ${warning.kind}`, "data-testid": "assistant-warning",
          "data-kind": warning.kind },
          el("summary", {}, el("strong", { text: `${WARNING_LABELS[warning.kind] || "Note"}: ` }), warning.message))));
    }

    // ---------- plain text, for copying ----------

    /**
     * An answer's text as plain text: the words, figures and [n] markers as shown, without markdown ("**", "> ",
     * "#### "); lists keep their "- ", tables their rows as "a | b".
     */
    function plainText(text) {
      return text.split("\n").map((line) => {
        let plain = line.replace(/^(\s*>\s?)+/, "");
        const heading = plain.match(HEADING_LINE);
        if (heading) plain = heading[2];
        if (TABLE_RULE.test(plain) && TABLE_LINE.test(plain)) return null;
        if (TABLE_LINE.test(plain)) {
          const marker = plain.match(TRAILING_MARKER);
          plain = cellsOf(marker ? plain.slice(0, marker.index) : plain).join(" | ") + (marker ? ` ${marker[1]}` : "");
        }
        return plain.replace(/\*\*([^*\n]+)\*\*/g, "$1").replace(/^\s*[*•]\s+/, "- ").trimEnd();
      }).filter((line) => line !== null).join("\n").replace(/\n{3,}/g, "\n\n").trim();
    }

    return { formatAnswer, inlineParts, textWithRanges, distinctFigures, figureList, warningList, plainText };
  }

  script.dispatchEvent(new CustomEvent("negotiation-assistant:answer-view", { detail: createAnswerView }));
})();
