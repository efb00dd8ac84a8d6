// Parses every ```mermaid fence of the Markdown files named on the command
// line with Mermaid's own parser (mermaid.parse), under a jsdom window.
// Prints one JSON line per diagram: {"file", "index", "line", "ok", "type"|"error"};
// exits 1 when any diagram fails to parse or a file has none.
import { readFileSync } from "node:fs";
import { JSDOM } from "jsdom";

const dom = new JSDOM("<!doctype html><html><body></body></html>", { pretendToBeVisual: true });
// Mermaid and DOMPurify look these up as globals when they load.
for (const name of ["window", "document", "navigator", "Element", "HTMLElement", "SVGElement", "Node", "DOMParser", "MutationObserver"]) {
  if (!(name in globalThis) || name === "window" || name === "document") {
    Object.defineProperty(globalThis, name, { value: name === "window" ? dom.window : dom.window[name], configurable: true, writable: true });
  }
}
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false });

function fences(text) {
  const found = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trimEnd() !== "```mermaid") continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end].trimEnd() !== "```") end++;
    if (end === lines.length) throw new Error(`unclosed mermaid fence at line ${i + 1}`);
    found.push({ line: start + 1, text: lines.slice(start, end).join("\n") });
    i = end;
  }
  return found;
}

let failed = false;
for (const file of process.argv.slice(2)) {
  let diagrams;
  try {
    diagrams = fences(readFileSync(file, "utf8"));
  } catch (err) {
    console.log(JSON.stringify({ file, index: -1, line: 0, ok: false, error: String(err.message ?? err) }));
    failed = true;
    continue;
  }
  if (diagrams.length === 0) {
    console.log(JSON.stringify({ file, index: -1, line: 0, ok: false, error: "no mermaid diagram" }));
    failed = true;
  }
  for (const [index, d] of diagrams.entries()) {
    try {
      const result = await mermaid.parse(d.text);
      console.log(JSON.stringify({ file, index, line: d.line, ok: true, type: result.diagramType }));
    } catch (err) {
      console.log(JSON.stringify({ file, index, line: d.line, ok: false, error: String(err.message ?? err) }));
      failed = true;
    }
  }
}
process.exit(failed ? 1 : 0);
