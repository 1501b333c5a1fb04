"""Checks wagate's exported schemas with tools nobody here wrote.

1. Every JSON Schema passes the draft 2020-12 metaschema (python-jsonschema).
2. Every OpenAPI document passes openapi-spec-validator (3.1).
3. Every documented example validates against its TYPE's schema when its
   verdict is valid, and fails it when its verdict is invalid. An example
   given as text is parsed strictly (duplicate keys and non-JSON are failures,
   as for the server).
4. The same holds for the OpenAPI component of its TYPE (`<Method>Request`,
   `<Method>Response`, `Notification`, `ErrorBody`), whose unions of kinds are
   closed where the standalone schemas keep an open member.
Exit 0 only if all hold. The checks with the tools users generate code with
(Ajv, openapi-typescript, datamodel-code-generator, Redocly) are
.ci/exports/run.sh.
"""

import json
import pathlib
import sys

import jsonschema
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_openapi

ROOT = pathlib.Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "crates" / "wagate-cli" / "schema"
EXAMPLES = ROOT / "spec" / "examples"


def strict_loads(text):
    def no_duplicates(pairs):
        keys = [k for k, _ in pairs]
        if len(keys) != len(set(keys)):
            raise ValueError("duplicate key")
        return dict(pairs)

    return json.loads(text, object_pairs_hook=no_duplicates)


def component(type_name):
    """The OpenAPI component of a TYPE."""
    rest = type_name.split("/", 1)[1]
    if rest == "webhook":
        return "Notification"
    if rest == "error":
        return "ErrorBody"
    method, part = rest.rsplit(".", 1)
    return method[:1].upper() + method[1:] + ("Request" if part == "request" else "Response")


def main():
    failures = []
    schemas = {}
    components = {}
    for path in sorted(SCHEMAS.rglob("*.json")):
        rel = path.relative_to(SCHEMAS).as_posix()
        doc = json.loads(path.read_text(encoding="utf-8"))
        if rel.startswith("openapi/"):
            try:
                validate_openapi(doc)
            except Exception as e:  # noqa: BLE001 - report any validator failure
                failures.append(f"{rel}: openapi-spec-validator: {e}")
            provider = rel[len("openapi/") : -len(".json")]
            for name in doc["components"]["schemas"]:
                # The component, resolved inside its document.
                wrapper = {"$ref": f"#/components/schemas/{name}", "components": doc["components"]}
                components[f"{provider}/{name}"] = Draft202012Validator(wrapper)
            continue
        try:
            Draft202012Validator.check_schema(doc)
        except jsonschema.SchemaError as e:
            failures.append(f"{rel}: metaschema: {e.message}")
            continue
        schemas[rel[: -len(".json")]] = Draft202012Validator(doc)

    checked = 0
    for path in sorted(EXAMPLES.rglob("*.json")):
        rel = path.relative_to(EXAMPLES).as_posix()
        example = json.loads(path.read_text(encoding="utf-8"))
        validator = schemas.get(example["type"])
        if validator is None:
            failures.append(f"{rel}: no schema for {example['type']}")
            continue
        if "document" in example:
            doc, parsed = example["document"], True
        else:
            try:
                doc, parsed = strict_loads(example["document_text"]), True
            except ValueError:
                doc, parsed = None, False
        checked += 1
        targets = [("schema", validator)]
        key = f"{example['type'].split('/', 1)[0]}/{component(example['type'])}"
        if key in components:
            targets.append((f"OpenAPI component {key}", components[key]))
        else:
            failures.append(f"{rel}: no OpenAPI component {key}")
        for what, v in targets:
            errors = list(v.iter_errors(doc)) if parsed else ["not JSON"]
            if example["verdict"] == "valid" and errors:
                first = errors[0]
                where = "/" + "/".join(str(p) for p in first.absolute_path)
                failures.append(f"{rel}: valid example fails its {what} at {where}: {first.message[:200]}")
            if example["verdict"] == "invalid" and not errors:
                failures.append(f"{rel}: invalid example ({example.get('rule')} at {example.get('path')}) passes its {what}")

    for f in failures:
        print("FAIL", f)
    openapi = len(list((SCHEMAS / "openapi").glob("*.json")))
    print(f"schemas: {len(schemas)} pass the 2020-12 metaschema; {openapi} OpenAPI documents checked; "
          f"{checked} examples checked against their schemas and OpenAPI components; {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
