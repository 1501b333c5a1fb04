"""datamodel-code-generator and pydantic 2, as a Python user would use the
exports: one importable module per provider from its OpenAPI document, and
every valid documented example validates against the model of its TYPE and
dumps back (by_alias, exclude_unset) to an equal value.

usage: python pydantic_check.py WAGATE_BINARY WORK_DIR
"""

import importlib
import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
EXAMPLES = ROOT / "spec" / "examples"


def wagate(binary, *args):
    return subprocess.run([binary, *args], check=True, capture_output=True, text=True).stdout


def component(type_name):
    """The OpenAPI component (and model) of a TYPE."""
    rest = type_name.split("/", 1)[1]
    if rest == "webhook":
        return "Notification"
    if rest == "error":
        return "ErrorBody"
    method, part = rest.rsplit(".", 1)
    return method[:1].upper() + method[1:] + ("Request" if part == "request" else "Response")


def same(a, b):
    """JSON equality: numbers by value, but true is not 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def generate(binary, work):
    """One module per provider, by the command the README gives."""
    providers = sorted({t.split("/", 1)[0] for t in wagate(binary, "types").split()})
    modules = {}
    for provider in providers:
        source = work / f"{provider}.json"
        source.write_text(wagate(binary, "openapi", provider), encoding="utf-8")
        module = provider.replace("-", "_")
        subprocess.run(
            [
                pathlib.Path(sys.executable).parent / "datamodel-codegen",
                "--input", source,
                "--input-file-type", "openapi",
                "--output-model-type", "pydantic_v2.BaseModel",
                "--target-python-version", "3.11",
                "--formatters", "builtin",
                "--disable-timestamp",
                "--output", work / f"{module}.py",
            ],
            check=True,
            capture_output=True,
        )
        modules[provider] = module
    return modules


def main():
    binary, work = sys.argv[1], pathlib.Path(sys.argv[2]) / "pydantic"
    work.mkdir(parents=True, exist_ok=True)
    modules = generate(binary, work)
    sys.path.insert(0, str(work))
    imported = {p: importlib.import_module(m) for p, m in modules.items()}

    failures = []
    total = lossless = 0
    for path in sorted(EXAMPLES.rglob("*.json")):
        example = json.loads(path.read_text(encoding="utf-8"))
        if example["verdict"] != "valid":
            continue
        rel = path.relative_to(EXAMPLES).as_posix()
        type_name = example["type"]
        document = example["document"] if "document" in example else json.loads(example["document_text"])
        total += 1
        name = component(type_name)
        model = getattr(imported[type_name.split("/", 1)[0]], name, None)
        if model is None:
            failures.append(f"{rel}: no model {name}")
            continue
        try:
            value = model.model_validate(document)
        except Exception as e:  # noqa: BLE001 - report any validation failure
            failures.append(f"{rel}: {name} refuses it: {str(e)[:300]}")
            continue
        dumped = value.model_dump(mode="json", by_alias=True, exclude_unset=True)
        if not same(dumped, document):
            failures.append(f"{rel}: {name} dumps another value: {json.dumps(dumped)[:300]}")
            continue
        lossless += 1

    for f in failures:
        print("FAIL pydantic:", f)
    print(
        f"pydantic: {len(imported)} modules generated and imported; "
        f"{lossless}/{total} valid examples validate and dump back to an equal value"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
