"""Run DfE's validation rules on a return and print the issues as JSON.

This script runs inside ``.venv-validators`` (``make validators``), where the community rules
packages live with their old pandas and numpy pins, and imports nothing of Django's or
Hearth's. Hearth calls it by subprocess (``hearth.returns.validation``)::

    .venv-validators/bin/python -I hearth/returns/validator_runner.py cin FILE.xml
    .venv-validators/bin/python -I hearth/returns/validator_runner.py 903 DIR --year 2027 --la E08000025

It prints one JSON object on stdout::

    {"ruleset": ..., "issues": [{"code", "type", "message", "child_id", "table", "fields"}],
     "crashed": [{"code", "reason"}], "rules_run": n}

``child_id`` is empty for issues about the return as a whole (header and LA-level rules).
The packages print and log as they work; all of that goes to stderr, so stdout holds only
the JSON.
"""

import argparse
import contextlib
import importlib
import io
import json
import logging
import re
import sys
from pathlib import Path

CIN_RULESET = "cin2026_27"
LAC_RULESET = "lac2026_27"
CRASH_LINE = re.compile(r"^Error with rule (\S+): (.*)$")


def _text(value) -> str:
    if value is None:
        return ""
    text = str(value)
    return "" if text in {"nan", "None", "NaT"} else text


def _fields(value) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(getattr(item, "name", item)) for item in value]
    text = _text(value)
    return [text] if text else []


def _rule_type(registry, code: str) -> str:
    try:
        name = registry.get(code).rule_type.name
    except Exception:  # a code the registry cannot describe: judge it by its suffix
        name = ""
    if name in {"ERROR", "QUERY"}:
        return name
    return "QUERY" if str(code).endswith("Q") else "ERROR"


def validate_cin(path: Path) -> dict:
    import xml.etree.ElementTree as ET

    from cin_validator import cin_validator as cv

    registry = importlib.import_module(f"cin_validator.rules.{CIN_RULESET}").registry
    chatter = io.StringIO()
    with contextlib.redirect_stdout(chatter):
        data = cv.process_data(cv.convert_data(ET.parse(path).getroot()))
        validator = cv.CinValidator(data, registry, selected_rules=None)
    issues = []
    for row in validator.full_issue_df.to_dict("records"):
        code = _text(row.get("rule_code"))
        issues.append(
            {
                "code": code,
                "type": _rule_type(registry, code),
                "message": _text(row.get("rule_description")),
                "child_id": _text(row.get("child_id")),
                "table": _text(row.get("tables_affected")),
                "fields": _fields(row.get("columns_affected")),
            }
        )
    for row in validator.multichild_issues.drop_duplicates().to_dict("records"):
        code = _text(row.get("rule_code"))
        issues.append(
            {
                "code": code,
                "type": _rule_type(registry, code),
                "message": _text(row.get("rule_description")),
                "child_id": "",
                "table": "",
                "fields": [],
            }
        )
    crashed = [
        {"code": match.group(1), "reason": match.group(2)}
        for match in map(CRASH_LINE.match, chatter.getvalue().splitlines())
        if match
    ]
    sys.stderr.write(chatter.getvalue())
    return {"ruleset": CIN_RULESET, "issues": issues, "crashed": crashed, "rules_run": len(registry)}


def validate_903(folder: Path, collection_year: str, la_code: str, previous: Path | None) -> dict:
    from lac_validator import lac_validator as lv
    from lac_validator.report import Report
    from lac_validator.types import UploadedFile

    registry = importlib.import_module(f"lac_validator.rules.{LAC_RULESET}").registry
    files = [
        UploadedFile(name=str(path), description="This year", file_content=path.read_bytes())
        for path in sorted(folder.glob("*.csv"))
    ]
    if previous is not None:
        files += [
            UploadedFile(name=str(path), description="Prev year", file_content=path.read_bytes())
            for path in sorted(previous.glob("*.csv"))
        ]
    chatter = io.StringIO()
    with contextlib.redirect_stdout(chatter):
        validator = lv.LacValidator(
            metadata={"collectionYear": collection_year, "localAuthority": la_code},
            files=files,
            registry=registry,
        )
        report = Report(validator.ds_results, registry)
    issues = []
    for row in report.child_report.to_dict("records"):
        code = _text(row.get("Code"))
        issues.append(
            {
                "code": code,
                "type": _rule_type(registry, code),
                "message": _text(row.get("Description")),
                "child_id": _text(row.get("CHILD")),
                "table": _text(row.get("Table")),
                "fields": _fields(row.get("Fields")),
            }
        )
    crashed = [{"code": str(code), "reason": "the rule raised on this data"} for code in validator.fails]
    sys.stderr.write(chatter.getvalue())
    return {"ruleset": LAC_RULESET, "issues": issues, "crashed": crashed, "rules_run": len(registry)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("collection", choices=["cin", "903"])
    parser.add_argument("path", type=Path, help="the CIN census XML, or the folder of SSDA903 CSVs")
    parser.add_argument("--year", default="2027", help="SSDA903: the year the collection ends")
    parser.add_argument("--la", default="", help="SSDA903: the authority's ONS code")
    parser.add_argument("--previous", type=Path, default=None, help="SSDA903: last year's CSV folder")
    args = parser.parse_args(argv)
    # The packages configure logging at INFO on import: keep it off stdout.
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, force=True)
    if args.collection == "cin":
        result = validate_cin(args.path)
    else:
        result = validate_903(args.path, args.year, args.la, args.previous)
    sys.stdout.write(json.dumps(result))
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
