#!/usr/bin/env bash
# The exports as their users consume them, with pinned tools (package.json +
# package-lock.json through `npm ci`; requirements.txt in a venv):
#   ajv.mjs         strict Ajv compiles every schema; its verdicts are wagate check's
#   typescript.mjs  openapi-typescript -> tsc --strict; examples assignable, requests closed
#   redocly.mjs     Redocly lint (recommended): no error
#   pydantic_check.py  datamodel-code-generator -> pydantic; examples lossless
# Every check runs; the step fails if any fails. The exports are read from the
# `wagate` command (`schema`, `openapi`, `schema --keywords`), as users get them.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

export NO_UPDATE_NOTIFIER=1 REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
npm ci --no-audit --no-fund --loglevel=error >/dev/null

venv="${WAGATE_EXPORTS_VENV:-${TMPDIR:-/tmp}/wagate-exports-venv}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check -r requirements.txt

cargo build --quiet --locked -p wagate-cli
target="$(cargo metadata --format-version 1 --no-deps --locked \
  | node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s).target_directory))')"
wagate="$target/debug/wagate"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

status=0
node ajv.mjs "$wagate" || status=1
node typescript.mjs "$wagate" "$work" || status=1
node redocly.mjs "$wagate" "$work" || status=1
"$venv/bin/python" pydantic_check.py "$wagate" "$work" || status=1
exit "$status"
