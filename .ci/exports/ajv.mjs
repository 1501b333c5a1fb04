// Ajv 8 (draft 2020-12) in strict mode, as a JavaScript user would load the
// exports: every schema compiles with `new Ajv2020()` plus ajv-formats plus
// one addKeyword per `wagate schema --keywords`, with no strict-mode warning
// (and with every strict option on), and its verdict on every documented
// example is `wagate check`'s (`--strict` for received data).
//
// usage: node ajv.mjs WAGATE_BINARY

import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

import { componentOf, examples, providerOf, wagate, wagateAccepts } from "./lib.mjs";

const bin = process.argv[2];
const keywords = JSON.parse(wagate(bin, ["schema", "--keywords"]));
const types = wagate(bin, ["types"]).split("\n").filter(Boolean);
const providers = [...new Set(types.map(providerOf))];
const failures = [];

function ajv(options) {
  const warnings = [];
  const logger = { log() {}, warn: (...m) => warnings.push(m.join(" ")), error: (...m) => warnings.push(m.join(" ")) };
  const a = new Ajv2020({ ...options, logger });
  addFormats(a);
  for (const k of keywords) a.addKeyword(k);
  return { a, warnings };
}

// Standalone schemas, one per TYPE: with the defaults, then every strict option.
const validators = new Map();
let compiled = 0;
for (const type of types) {
  const schema = JSON.parse(wagate(bin, ["schema", type]));
  let ok = true;
  for (const options of [{}, { strict: true }]) {
    const { a, warnings } = ajv(options);
    try {
      const v = a.compile(schema);
      if (options.strict) validators.set(type, v);
    } catch (e) {
      failures.push(`${type} (${JSON.stringify(options)}): ${e.message}`);
      ok = false;
    }
    for (const w of warnings) {
      failures.push(`${type} (${JSON.stringify(options)}): warning: ${w}`);
      ok = false;
    }
  }
  if (ok) compiled++;
}

// The OpenAPI components, as one schema per provider (components -> $defs).
const components = new Map();
let componentsCompiled = 0;
let componentsTotal = 0;
for (const provider of providers) {
  const doc = JSON.parse(wagate(bin, ["openapi", provider]));
  const text = JSON.stringify(doc.components.schemas).replaceAll('"#/components/schemas/', '"#/$defs/');
  const id = `https://wagate.invalid/openapi/${provider}`;
  const { a, warnings } = ajv({ strict: true });
  a.addSchema({ $id: id, $defs: JSON.parse(text) });
  for (const name of Object.keys(doc.components.schemas)) {
    componentsTotal++;
    try {
      components.set(`${provider}/${name}`, a.getSchema(`${id}#/$defs/${name}`));
      componentsCompiled++;
    } catch (e) {
      failures.push(`openapi/${provider} ${name}: ${e.message}`);
    }
  }
  for (const w of warnings) failures.push(`openapi/${provider}: warning: ${w}`);
}

// Verdicts.
let agree = 0;
let agreeComponents = 0;
const all = examples();
for (const ex of all) {
  const accepted = wagateAccepts(bin, ex.type, ex.text);
  const check = (validate, where) => {
    if (!validate) {
      failures.push(`${ex.rel}: no ${where} for ${ex.type}`);
      return false;
    }
    const passes = ex.parsed && validate(ex.value);
    if (passes !== accepted) {
      const first = validate.errors?.[0];
      const detail = first ? ` (${first.instancePath || "/"} ${first.message})` : "";
      failures.push(`${ex.rel}: wagate ${accepted ? "keeps" : "refuses"} it, Ajv against the ${where} ${passes ? "accepts" : "refuses"} it${detail}`);
      return false;
    }
    return true;
  };
  if (check(validators.get(ex.type), "schema")) agree++;
  if (check(components.get(`${providerOf(ex.type)}/${componentOf(ex.type)}`), "OpenAPI component")) agreeComponents++;
}

for (const f of failures) console.log("FAIL ajv:", f);
console.log(
  `ajv: ${compiled}/${types.length} schemas compile strictly (${keywords.length} extension keywords); ` +
    `${componentsCompiled}/${componentsTotal} OpenAPI components compile; ` +
    `verdicts agree with wagate check on ${agree}/${all.length} examples (schemas) and ${agreeComponents}/${all.length} (OpenAPI components)`,
);
process.exit(failures.length ? 1 : 0);
