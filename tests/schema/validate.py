#!/usr/bin/env python3
"""Validates orchard's JSON output against the schemas in schema/ (JSON Schema draft 2020-12).

usage: validate.py check-v1 [FILE...]     one check-v1 document per file
       validate.py jsonl-v1 [FILE...]     every non-empty line of each file on its own
       validate.py --spool DIR            DIR/*.json as check-v1, DIR/*.jsonl as jsonl-v1

No FILE, or "-", reads standard input. Prints one line per problem, `FILE[:LINE]: PATH: message`
with PATH the JSON path as orchard's own reader names it (`results[3].status`). Besides the
schema, a document must be strict JSON: no NaN or Infinity, no key twice in an object.

Exit 0 when everything is valid, 1 when something is not, 2 on a usage error or an unreadable
file, 77 (ctest's skip) when python3-jsonschema is missing or --spool finds nothing."""

import glob
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMA_DIR = os.path.join(os.path.dirname(os.path.dirname(HERE)), "schema")
NAMES = ("check-v1", "jsonl-v1")
SKIP = 77

_validators = {}


class Missing(Exception):
    """python3-jsonschema is not installed."""


def _schemas():
    out = {}
    for name in NAMES:
        with open(os.path.join(SCHEMA_DIR, name + ".schema.json")) as f:
            out[name] = json.load(f)
    return out


def validator(name):
    """The draft 2020-12 validator for schema `name`, the other schemas resolvable by $id.
    Works with jsonschema 4.10 (Debian 12: RefResolver) and later ones (referencing)."""
    if name not in _validators:
        try:
            import jsonschema
        except ImportError as e:
            raise Missing("python3-jsonschema is missing; run scripts/install-deps.sh --test") \
                from e
        schemas = _schemas()
        cls = jsonschema.Draft202012Validator
        for schema in schemas.values():
            cls.check_schema(schema)
        try:
            from referencing import Registry, Resource
        except ImportError:
            store = {s["$id"]: s for s in schemas.values()}
            resolver = jsonschema.RefResolver.from_schema(schemas[name], store=store)
            _validators[name] = cls(schemas[name], resolver=resolver)
        else:
            registry = Registry().with_resources(
                (s["$id"], Resource.from_contents(s)) for s in schemas.values())
            _validators[name] = cls(schemas[name], registry=registry)
    return _validators[name]


def json_path(parts):
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "(document)"


def _strict_object(pairs):
    obj = {}
    for key, value in pairs:
        if key in obj:
            raise ValueError(f"key {key!r} appears twice in an object")
        obj[key] = value
    return obj


def _no_constant(name):
    raise ValueError(f"{name} is not JSON")


def parse(text):
    """Parses strict JSON; raises ValueError."""
    return json.loads(text, object_pairs_hook=_strict_object, parse_constant=_no_constant)


def document_errors(name, doc):
    """The schema's complaints about a parsed document, as `PATH: message` lines. Unevaluated
    properties come last: they are often the echo of an error above (a line whose type's fields
    did not validate leaves those fields unevaluated)."""
    errors = sorted(validator(name).iter_errors(doc),
                    key=lambda e: (e.validator == "unevaluatedProperties",
                                   [f"{p:012d}" if isinstance(p, int) else p
                                    for p in e.absolute_path]))
    return [f"{json_path(e.absolute_path)}: {e.message}" for e in errors]


def text_errors(name, text):
    """Problems with `text` as schema `name` (a jsonl-v1 text: line by line), as
    `[LINE: ]PATH: message` lines."""
    if name == "check-v1":
        units = [(None, text)]
    else:
        units = [(i, line) for i, line in enumerate(text.split("\n"), 1) if line.strip()]
        if not units:
            return ["(document): no lines"]
    problems = []
    for line, unit in units:
        where = f"{line}: " if line is not None else ""
        try:
            doc = parse(unit)
        except ValueError as e:
            problems.append(f"{where}(document): not valid JSON: {e}")
            continue
        problems += [where + p for p in document_errors(name, doc)]
    return problems


def _read(path):
    if path == "-":
        return sys.stdin.read()
    with open(path, encoding="utf-8") as f:
        return f.read()


def _spool(directory):
    """Validates what the end-to-end runner saved (tests/support/orchard_run.cc); each FILE
    has FILE.cmd beside it with the command that wrote it."""
    files = sorted(glob.glob(os.path.join(directory, "*.json")) +
                   glob.glob(os.path.join(directory, "*.jsonl")))
    if not files:
        print(f"SKIP: no JSON output in {directory}: no end-to-end test wrote one")
        return SKIP
    bad = 0
    for path in files:
        name = "jsonl-v1" if path.endswith(".jsonl") else "check-v1"
        problems = text_errors(name, _read(path))
        if problems:
            bad += 1
            command = _read(path + ".cmd").strip() if os.path.exists(path + ".cmd") else "?"
            print(f"{path} ({name}), written by: {command}")
            for p in problems:
                print(f"  {p}")
    print(f"{len(files) - bad} of {len(files)} documents valid")
    return 1 if bad else 0


def main(argv):
    try:
        if len(argv) == 3 and argv[1] == "--spool":
            return _spool(argv[2])
        if len(argv) < 2 or argv[1] not in NAMES:
            print(__doc__, file=sys.stderr)
            return 2
        name, paths = argv[1], argv[2:] or ["-"]
        failed = False
        for path in paths:
            try:
                text = _read(path)
            except (OSError, UnicodeDecodeError) as e:
                print(f"{path}: {e}", file=sys.stderr)
                return 2
            for p in text_errors(name, text):
                print(f"{'<stdin>' if path == '-' else path}: {p}")
                failed = True
        return 1 if failed else 0
    except Missing as e:
        print(f"SKIP: {e}")
        return SKIP


if __name__ == "__main__":
    sys.exit(main(sys.argv))
