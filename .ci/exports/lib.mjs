// What the export checks share: the `wagate` command, the documented
// examples, and a JSON reader that refuses duplicate keys as the server does.

import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const EXAMPLES = join(ROOT, "spec", "examples");

/** Runs the `wagate` command; its stdout. */
export function wagate(bin, args) {
  return execFileSync(bin, args, { encoding: "utf8", maxBuffer: 64 << 20 });
}

/** Whether `wagate check` keeps the text (exit 0) or refuses it (exit 1).
 * Received data is checked with --strict: the schemas describe the
 * documented shape, which wagate's default lenient reading only reports on. */
export function wagateAccepts(bin, type, text) {
  const args = isRequest(type) ? ["check", type] : ["check", "--strict", type];
  const out = spawnSync(bin, args, { input: text, encoding: "utf8" });
  if (out.status !== 0 && out.status !== 1) {
    throw new Error(`wagate ${args.join(" ")}: exit ${out.status}: ${out.stderr}`);
  }
  return out.status === 0;
}

export const isRequest = (type) => type.endsWith(".request");

/** The provider of a TYPE (`green-api/SendMessage.request` -> `green-api`). */
export const providerOf = (type) => type.split("/")[0];

/** The OpenAPI component a TYPE's documents are checked against. */
export function componentOf(type) {
  const rest = type.slice(type.indexOf("/") + 1);
  if (rest === "webhook") return "Notification";
  if (rest === "error") return "ErrorBody";
  const dot = rest.lastIndexOf(".");
  const method = rest.slice(0, dot);
  const part = rest.slice(dot + 1) === "request" ? "Request" : "Response";
  return method.charAt(0).toUpperCase() + method.slice(1) + part;
}

/** Every documented example: { rel, type, valid, text, value, parsed }. */
export function examples() {
  const files = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".json")) files.push(p);
    }
  };
  walk(EXAMPLES);
  return files.map((path) => {
    const file = JSON.parse(readFileSync(path, "utf8"));
    const text = "document" in file ? JSON.stringify(file.document) : file.document_text;
    let value;
    let parsed = true;
    try {
      value = strictParse(text);
    } catch {
      parsed = false;
    }
    if (parsed) assertExact(value, path);
    return {
      rel: relative(EXAMPLES, path),
      type: file.type,
      valid: file.verdict === "valid",
      text,
      value,
      parsed,
    };
  });
}

/** JSON.parse, refusing a duplicate key anywhere (JSON.parse keeps the last). */
export function strictParse(text) {
  const value = JSON.parse(text);
  let i = 0;
  const ws = () => {
    while (/\s/.test(text[i] ?? "")) i++;
  };
  const string = () => {
    const start = i++;
    while (text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i));
  };
  const any = () => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      const keys = new Set();
      ws();
      if (text[i] === "}") return i++;
      for (;;) {
        ws();
        const key = string();
        if (keys.has(key)) throw new Error(`duplicate key ${JSON.stringify(key)}`);
        keys.add(key);
        ws();
        i++; // ':'
        any();
        ws();
        if (text[i++] === "}") return;
      }
    } else if (c === "[") {
      i++;
      ws();
      if (text[i] === "]") return i++;
      for (;;) {
        any();
        ws();
        if (text[i++] === "]") return;
      }
    } else if (c === '"') {
      string();
    } else {
      while (i < text.length && !/[\s,\]}]/.test(text[i])) i++;
    }
  };
  any();
  return value;
}

/** JavaScript numbers are doubles: an integer past 2^53 would reach wagate
 * and the validators as different values. No example has one; say so if one comes. */
function assertExact(v, where) {
  if (typeof v === "number" && Number.isInteger(v) && !Number.isSafeInteger(v)) {
    throw new Error(`${where}: ${v} is not exact in JavaScript`);
  }
  if (v && typeof v === "object") for (const x of Object.values(v)) assertExact(x, where);
}
