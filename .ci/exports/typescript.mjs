// openapi-typescript, then `tsc --strict`, as a TypeScript user would use the
// exports: the types of every provider compile; every valid documented
// example, assigned to the type of its TYPE, compiles; a request with an
// unknown member does not; openapi-fetch types every operation's `error` as
// the error body and its `data` as the success body; a union narrows by its
// tag (`n.typeWebhook === "…"` leaves exactly that kind's member).
//
// usage: node typescript.mjs WAGATE_BINARY WORK_DIR

import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { componentOf, examples, isRequest, providerOf, wagate } from "./lib.mjs";

const [bin, work] = process.argv.slice(2);
const bins = fileURLToPath(new URL("node_modules/.bin/", import.meta.url));
const dir = join(work, "typescript");
mkdirSync(dir, { recursive: true });

const providers = [...new Set(wagate(bin, ["types"]).split("\n").filter(Boolean).map(providerOf))];
const documents = new Map();
for (const p of providers) {
  const input = join(dir, `${p}.json`);
  const text = wagate(bin, ["openapi", p]);
  writeFileSync(input, text);
  documents.set(p, JSON.parse(text));
  execFileSync(join(bins, "openapi-typescript"), [input, "-o", join(dir, `${p}.ts`)], { stdio: "pipe" });
}

// Each check is one line of a generated module, so that a compiler error
// names it: "module:line" -> { kind, what }.
const checks = new Map();
const counts = { example: 0, closed: 0, typed: 0 };
const failures = [];
function module(name, header, body) {
  const out = [...header];
  for (const { kind, what, code, before } of body) {
    if (before) out.push(before);
    out.push(code);
    checks.set(`${name}:${out.length}`, { kind, what });
    counts[kind]++;
  }
  writeFileSync(join(dir, name), out.join("\n") + "\n");
}

// The documented examples, and each request again with an unknown member.
const all = examples();
for (const p of providers) {
  const schemas = documents.get(p).components.schemas;
  const body = [];
  for (const [i, ex] of all.entries()) {
    if (!ex.valid || providerOf(ex.type) !== p) continue;
    const name = componentOf(ex.type);
    if (!(name in schemas)) {
      failures.push(`${ex.rel}: no component ${name} for ${ex.type}`);
      continue;
    }
    const type = `S[${JSON.stringify(name)}]`;
    body.push({ kind: "example", what: `${ex.rel} as ${name}`, code: `export const e${i}: ${type} = ${JSON.stringify(ex.value)};` });
    if (isRequest(ex.type) && ex.value && typeof ex.value === "object" && !Array.isArray(ex.value)) {
      body.push({
        kind: "closed",
        what: `${ex.rel} with an unknown member`,
        before: "// @ts-expect-error: a request is closed",
        code: `export const u${i}: ${type} = ${JSON.stringify({ ...ex.value, wagateUnknownMember: 1 })};`,
      });
    }
  }
  module(`examples-${p}.ts`, [`import type { components } from "./${p}.js";`, `type S = components["schemas"];`], body);
}

// What a typed client sees.
for (const p of providers) {
  const doc = documents.get(p);
  const s = doc.components.schemas;
  const body = [];
  const same = (name, a, b, what) => body.push({ kind: "typed", what: `${p}: ${what}`, code: `export const ${name}: Same<${a}, ${b}> = true;` });
  for (const op of Object.values(doc.paths).flatMap((item) => Object.values(item))) {
    const id = op.operationId;
    const ops = `operations[${JSON.stringify(id)}]`;
    if (s.ErrorBody) same(`error_${id}`, `ErrorOf<${ops}>`, `S["ErrorBody"]`, `openapi-fetch's error of ${id} is not ErrorBody`);
    const success = Object.entries(op.responses).find(([status]) => status.startsWith("2"));
    const ref = success?.[1].content?.["application/json"]?.schema?.$ref;
    if (ref) {
      const name = ref.split("/").pop();
      same(`data_${id}`, `DataOf<${ops}>`, `S[${JSON.stringify(name)}]`, `openapi-fetch's data of ${id} is not ${name}`);
    }
  }
  for (const [name, schema] of Object.entries(s)) {
    const t = `S[${JSON.stringify(name)}]`;
    // A documented struct is a type (a `json` body is any value).
    if (Object.keys(schema).length) same(`known_${name}`, `unknown extends ${t} ? false : true`, "true", `${name} is unknown`);
    // An open body takes members no document names.
    if (schema.additionalProperties === true) same(`open_${name}`, `string extends keyof ${t} ? true : false`, "true", `${name} is closed`);
    // The server's default does not make a member required.
    for (const [field, property] of Object.entries(schema.properties ?? {})) {
      if (!("x-server-default" in property)) continue;
      same(`optional_${name}_${field}`, `{} extends Pick<${t}, ${JSON.stringify(field)}> ? true : false`, "true", `${name}.${field} (a server default) is required`);
    }
  }
  for (const [union, schema] of Object.entries(s)) {
    const tag = schema["x-dispatch-on"];
    if (!tag || !schema.oneOf) continue;
    for (const member of schema.oneOf) {
      const name = member.$ref.split("/").pop();
      const t = s[name].properties[tag];
      for (const value of t.const !== undefined ? [t.const] : t.enum) {
        const narrowed = `Narrow<S[${JSON.stringify(union)}], ${JSON.stringify(tag)}, ${JSON.stringify(value)}>`;
        same(`narrow_${union}_${value}`, narrowed, `S[${JSON.stringify(name)}]`, `${tag} === ${JSON.stringify(value)} does not narrow ${union} to ${name}`);
      }
    }
  }
  module(
    `typed-${p}.ts`,
    [
      `import type { FetchResponse } from "openapi-fetch";`,
      `import type { components, operations } from "./${p}.js";`,
      `type S = components["schemas"];`,
      `type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;`,
      "type Fetched<Op extends Record<string | number, any>> = FetchResponse<Op, {}, `${string}/${string}`>;",
      `type ErrorOf<Op extends Record<string | number, any>> = Exclude<Fetched<Op>["error"], undefined>;`,
      `type DataOf<Op extends Record<string | number, any>> = Exclude<Fetched<Op>["data"], undefined>;`,
      // What `if (u[K] === V)` leaves of the union U.
      `type Narrow<U, K extends string, V> = U extends unknown ? (K extends keyof U ? (V extends U[K] ? U : never) : never) : never;`,
    ],
    body,
  );
}

writeFileSync(
  join(dir, "tsconfig.json"),
  JSON.stringify({
    compilerOptions: {
      strict: true,
      noEmit: true,
      target: "es2022",
      module: "nodenext",
      moduleResolution: "nodenext",
      skipLibCheck: false,
      types: [],
    },
    include: ["*.ts"],
  }),
);
writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
// openapi-fetch's types, as installed beside this script.
symlinkSync(fileURLToPath(new URL("node_modules", import.meta.url)), join(dir, "node_modules"));
const tsc = spawnSync(join(bins, "tsc"), ["-p", dir, "--pretty", "false"], { encoding: "utf8" });

// Error lines: FILE(LINE,COL): error TSxxxx: message. An unused
// @ts-expect-error is reported on the line before its check.
const failed = new Set();
for (const line of tsc.stdout.split("\n").filter((l) => /^\S.*\(\d+,\d+\): error/.test(l))) {
  const m = /([^/\\(]+)\((\d+),\d+\): (error .*)/.exec(line);
  const check = checks.get(`${m[1]}:${m[2]}`) ?? checks.get(`${m[1]}:${Number(m[2]) + 1}`);
  if (check) failed.add(check);
  failures.push(check ? `${check.what}: ${m[3].slice(0, 300)}` : line.slice(0, 300));
}
if (tsc.status !== 0 && failures.length === 0) failures.push(`tsc exited ${tsc.status}: ${tsc.stdout}${tsc.stderr}`);
const held = (kind) => counts[kind] - [...failed].filter((c) => c.kind === kind).length;

for (const f of failures) console.log("FAIL typescript:", f);
console.log(
  `typescript: ${providers.length} providers' types compile with tsc --strict; ` +
    `${held("example")}/${counts.example} valid examples assignable; ` +
    `${held("closed")}/${counts.closed} requests with an unknown member refused; ` +
    `${held("typed")}/${counts.typed} typed-client checks hold (openapi-fetch error and data; no struct unknown; open bodies open; server defaults optional; unions narrowed by tag)`,
);
process.exit(failures.length ? 1 : 0);
