// Redocly CLI lint with its recommended ruleset, on every provider's OpenAPI
// document: no error; the warnings are counted by rule.
//
// usage: node redocly.mjs WAGATE_BINARY WORK_DIR

import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { providerOf, wagate } from "./lib.mjs";

const [bin, work] = process.argv.slice(2);
const redocly = fileURLToPath(new URL("node_modules/.bin/redocly", import.meta.url));
const dir = join(work, "redocly");
mkdirSync(dir, { recursive: true });
const providers = [...new Set(wagate(bin, ["types"]).split("\n").filter(Boolean).map(providerOf))];
const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" };

let errors = 0;
let warnings = 0;
const byRule = new Map();
for (const p of providers) {
  const file = join(dir, `${p}.json`);
  writeFileSync(file, wagate(bin, ["openapi", p]));
  const out = spawnSync(redocly, ["lint", "--extends=recommended", "--format=json", file], { encoding: "utf8", env });
  let report;
  try {
    report = JSON.parse(out.stdout);
  } catch {
    console.log(`FAIL redocly: ${p}: no report (exit ${out.status}): ${out.stderr.slice(0, 500)}`);
    errors++;
    continue;
  }
  errors += report.totals.errors;
  warnings += report.totals.warnings;
  for (const problem of report.problems) {
    const key = `${problem.severity} ${problem.ruleId}`;
    byRule.set(key, (byRule.get(key) ?? 0) + 1);
    if (problem.severity === "error") {
      console.log(`FAIL redocly: ${p} ${problem.location?.[0]?.pointer ?? ""}: ${problem.ruleId}: ${problem.message}`);
    }
  }
}
const rules = [...byRule].map(([k, n]) => `${k}=${n}`).join(", ");
console.log(`redocly: ${providers.length} documents linted (recommended): ${errors} errors, ${warnings} warnings${rules ? ` (${rules})` : ""}`);
process.exit(errors ? 1 : 0);
