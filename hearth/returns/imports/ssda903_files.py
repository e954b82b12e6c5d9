"""Reading SSDA903 CSV files for the legacy import: every check that needs no database writes.

A file is recognised by its exact set of column headers, as DfE's validator does; its
collection year comes from its name (``ssda903_2026-27_Episodes.csv``, as ``export_ssda903``
writes them), from ``--year``, or from the dates in the files. Everything wrong is collected
(file, row, field) before anything is saved: malformed CSV, missing or unknown columns,
unknown codes, impossible dates, rows about children missing from Header, episodes that do
not follow one another, and dates outside the year (a file for the wrong year).
"""

import csv
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.utils import timezone

from hearth.health.oc2 import OC2_COLUMNS
from hearth.reference.selectors import is_valid_code
from hearth.returns.imports.common import ImportFailed, Problem
from hearth.returns.periods import CollectionYear, collection_year
from hearth.returns.ssda903 import COLUMNS, SW_REASONS

TABLES_BY_COLUMNS = {frozenset(columns): name for name, columns in COLUMNS.items()}
YEAR_IN_NAME = re.compile(r"(\d{4}-\d{2})")
CHILD_ID = re.compile(r"^[A-Z0-9]{1,20}$")
UPN = re.compile(r"^[A-HJ-NP-RT-Z](\d{12}|\d{11}[A-Z])$")
UPN_UNKNOWN = frozenset({"UN1", "UN2", "UN3", "UN4", "UN5"})  # UN6/UN7 are CIN census only
EPISODE_REASONS = frozenset({"S", "L", "P", "T", "B", "U"})
FLAG = frozenset({"0", "1"})
X1 = "X1"

# Each column's kind: ("date", required), ("code", list, required), ("choice", values, required),
# ("text", required), ("score",). Unlisted columns (CHILD, postcodes, URN) are free text.
DATE = "date"
SPEC: dict[str, dict[str, tuple]] = {
    "Header": {
        "SEX": ("code", "sex", True),
        "DOB": (DATE, True),
        "ETHNIC": ("code", "ethnicity", True),
        "MOTHER": ("choice", FLAG, False),
        "MC_DOB": (DATE, False),
    },
    "Episodes": {
        "DECOM": (DATE, True),
        "RNE": ("choice", EPISODE_REASONS, True),
        "LS": ("code", "legal_status", True),
        "CIN": ("code", "category_of_need", True),
        "PLACE": ("code", "placement_type", True),
        "PLACE_PROVIDER": ("code", "placement_provider", False),
        "DEC": (DATE, False),
        "REC": ("code", "reason_episode_ceased", False),
        "REASON_PLACE_CHANGE": ("code", "reason_place_change", False),
    },
    "Reviews": {"REVIEW": (DATE, True), "REVIEW_CODE": ("code", "review_participation", True)},
    "UASC": {"SEX": ("code", "sex", True), "DUC": (DATE, False)},
    "OC2": {
        "SDQ_SCORE": ("score",),
        "SDQ_REASON": ("code", "sdq_reason", False),
        **{
            # Every OC2 column after CHILD, DOB and the two SDQ ones is a 0/1 flag.
            name: ("choice", FLAG, False)
            for name in OC2_COLUMNS[4:]
        },
    },
    "OC3": {
        "IN_TOUCH": ("code", "oc3_in_touch", False),
        "ACTIV": ("code", "oc3_activity", False),
        "ACCOM": ("code", "oc3_accommodation", False),
    },
    "AD1": {
        "DATE_INT": (DATE, True),
        "DATE_MATCH": (DATE, False),
        "FOSTER_CARE": ("choice", FLAG, False),
        "NB_ADOPTR": ("choice", frozenset({"1", "2"}), False),
        "SEX_ADOPTR": ("code", "adopter_sex", False),
        "LS_ADOPTR": ("code", "adopter_legal_status", False),
    },
    "PlacedAdoption": {
        "DATE_PLACED": (DATE, True),
        "DATE_PLACED_CEASED": (DATE, False),
        "REASON_PLACED_CEASED": ("code", "placed_ceased_reason", False),
    },
    "PrevPerm": {"PREV_PERM": ("code", "previous_permanence", True)},
    "Missing": {
        "MISSING": ("code", "missing_type", True),
        "MIS_START": (DATE, True),
        "MIS_END": (DATE, False),
    },
    "SWEpisodes": {
        "SW_ID": ("text", True),
        "SW_DECOM": (DATE, True),
        "SW_DEC": (DATE, False),
        "SW_REASON": ("choice", SW_REASONS, False),
    },
    "DoLo": {"DOLO_START": (DATE, True), "DOLO_END": (DATE, False)},
}
# DUC is the 18th birthday while UASC status lasts, so it may lie ahead.
FUTURE_ALLOWED = frozenset({"DUC"})
# Dates that must fall in the collection year: one outside it means the file is another year's.
IN_YEAR = {"Reviews": "REVIEW", "Missing": "MIS_START"}
# Dates that cannot be after the year's end.
NOT_AFTER_YEAR = {
    "Episodes": ("DECOM", "DEC"),
    "SWEpisodes": ("SW_DECOM", "SW_DEC"),
    "DoLo": ("DOLO_START", "DOLO_END"),
}


@dataclass
class Row:
    number: int  # the line in the file (header = 1)
    values: dict  # column -> str, or date | None for date columns

    def __getitem__(self, name: str):
        return self.values[name]


@dataclass
class Table:
    name: str
    file: str
    rows: list[Row] = field(default_factory=list)

    def by_child(self) -> dict[str, list[Row]]:
        grouped = defaultdict(list)
        for row in self.rows:
            grouped[row["CHILD"]].append(row)
        return grouped


@dataclass
class YearFiles:
    year: CollectionYear
    tables: dict[str, Table]

    def rows(self, name: str) -> list[Row]:
        table = self.tables.get(name)
        return table.rows if table else []

    def file(self, name: str) -> str:
        table = self.tables.get(name)
        return table.file if table else name


def _parse_date(text: str) -> date | None:
    try:
        return datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError:
        return None


def _read_csv(path: Path, problems: list[Problem]) -> tuple[str | None, list[tuple[int, dict]]]:
    """The table a file holds (by its headers) and its rows as upper-cased strings."""
    name = path.name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        problems.append(Problem(name, None, "", "The file is not UTF-8 text (DfE asks for UTF-8 CSV)"))
        return None, []
    try:
        lines = list(csv.reader(text.splitlines(), strict=True))
    except csv.Error as error:
        problems.append(Problem(name, None, "", f"The file is not well-formed CSV: {error}"))
        return None, []
    if not lines or not any(cell.strip() for cell in lines[0]):
        problems.append(Problem(name, 1, "", "The file is empty: it needs at least its header row"))
        return None, []
    header = [cell.strip().upper() for cell in lines[0]]
    table = TABLES_BY_COLUMNS.get(frozenset(header))
    if table is None or len(set(header)) != len(header):
        closest = max(COLUMNS, key=lambda t: len(set(COLUMNS[t]) & set(header)))
        missing = [c for c in COLUMNS[closest] if c not in header]
        unknown = [c for c in header if c not in COLUMNS[closest]]
        detail = "; ".join(
            part
            for part in (
                f"missing {', '.join(missing)}" if missing else "",
                f"unknown {', '.join(unknown)}" if unknown else "",
                "a column is repeated" if len(set(header)) != len(header) else "",
            )
            if part
        )
        problems.append(
            Problem(
                name, 1, "", f"The columns are not those of any SSDA903 table (closest: {closest}; {detail})"
            )
        )
        return None, []
    rows = []
    for number, cells in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            problems.append(
                Problem(
                    name,
                    number,
                    "",
                    f"The row has {len(cells)} values but the header has {len(header)} columns",
                )
            )
            continue
        rows.append(
            (number, {column: cell.strip().upper() for column, cell in zip(header, cells, strict=True)})
        )
    return table, rows


def _check_row(table: str, file: str, number: int, raw: dict, year: CollectionYear, problems: list) -> dict:
    """The row with its dates parsed, adding a Problem for each bad value."""
    today = timezone.localdate()
    values: dict = dict(raw)

    def problem(column: str, message: str) -> None:
        problems.append(Problem(file, number, column, message))

    if not CHILD_ID.match(raw["CHILD"]):
        problem("CHILD", "Give the child's ID: letters and digits only, at most 20")
    on = _parse_date(raw.get("DECOM", "")) or year.start
    if "DOB" in raw and table != "Header":  # checked against Header's below
        values["DOB"] = _parse_date(raw["DOB"]) if raw["DOB"] else None
    for column, spec in SPEC.get(table, {}).items():
        text = raw[column]
        kind = spec[0]
        if kind == DATE:
            if not text:
                values[column] = None
                if spec[1]:
                    problem(column, "Enter the date (DD/MM/YYYY)")
                continue
            day = _parse_date(text)
            values[column] = day
            if day is None:
                problem(column, f"{text} is not a date: write it DD/MM/YYYY with a real day and month")
            elif day > today and column not in FUTURE_ALLOWED:
                problem(column, f"{text} is in the future")
            elif day.year < 1900:
                problem(column, f"{text} is not a possible date")
        elif kind == "code":
            if not text:
                if spec[2]:
                    problem(column, "This code is required")
            elif not (column == "REC" and text == X1) and not is_valid_code(spec[1], text, on=on):
                problem(column, f"{text} is not a code of DfE's list for {column}")
        elif kind == "choice":
            if not text:
                if spec[2]:
                    problem(column, "This value is required")
            elif text not in spec[1]:
                problem(column, f"{text} is not one of {', '.join(sorted(spec[1]))}")
        elif kind == "text" and spec[1] and not text:
            problem(column, "This value is required")
        elif kind == "score" and text and not (text.isdigit() and 0 <= int(text) <= 40):
            problem(column, f"{text} is not an SDQ score (a whole number from 0 to 40)")
    if table in ("Header",) and raw["UPN"] and not (UPN.match(raw["UPN"]) or raw["UPN"] in UPN_UNKNOWN):
        problem("UPN", f"{raw['UPN']} is neither a UPN nor an unknown-UPN code (UN1 to UN5)")
    dob = values.get("DOB")
    if isinstance(dob, date):
        for column, spec in SPEC.get(table, {}).items():
            day = values.get(column)
            if spec[0] == DATE and column != "DOB" and isinstance(day, date) and day < dob:
                problem(column, f"{raw[column]} is before the child's date of birth, {raw['DOB']}")
    in_year = IN_YEAR.get(table)
    if in_year and isinstance(values.get(in_year), date) and values[in_year] not in year:
        problem(
            in_year,
            f"{raw[in_year]} is outside the collection year {year.label}: is this another year's file?",
        )
    for column in NOT_AFTER_YEAR.get(table, ()):
        day = values.get(column)
        if isinstance(day, date) and day > year.end:
            problem(
                column,
                f"{raw[column]} is after the collection year {year.label} ended: is this a later year's file?",
            )
    return values


def _check_episodes(file: str, rows: list[Row], problems: list) -> None:
    """Each child's episodes follow one another: X1 hands over to a next episode that day, a
    new period (RNE S) starts only after the last one ended, and nothing is left half-ended."""
    for child_rows in Table("Episodes", file, rows).by_child().values():
        child_rows.sort(key=lambda r: r["DECOM"] or date.min)
        previous = None
        for row in child_rows:

            def problem(column: str, message: str, row=row) -> None:
                problems.append(Problem(file, row.number, column, message))

            if bool(row["DEC"]) != bool(row["REC"]):
                problem("DEC" if not row["DEC"] else "REC", "DEC and REC are given together or not at all")
            if row["DEC"] and row["DECOM"] and row["DEC"] < row["DECOM"]:
                problem("DEC", "The episode ends before it starts")
            if previous is not None and previous["DECOM"] == row["DECOM"]:
                problem("DECOM", "Two episodes of this child start on the same day")
            elif previous is not None:
                if previous["REC"] == X1 and (previous["DEC"] != row["DECOM"] or row["RNE"] == "S"):
                    problem(
                        "DECOM",
                        "The episode before ended X1, so this one must start that day and not with RNE S",
                    )
                elif previous["REC"] and previous["REC"] != X1 and row["RNE"] != "S":
                    problem("RNE", "The period of care before has ended: a new one starts with RNE S")
                elif not previous["REC"]:
                    problem("DECOM", "The episode before is still open: end it X1 on this episode's start")
            previous = row
        if previous is not None and previous["REC"] == X1:
            problems.append(
                Problem(file, previous.number, "REC", "X1 needs a next episode starting that day")
            )


def _year_from_dates(tables: list[tuple[str, str, list[tuple[int, dict]]]]) -> CollectionYear | None:
    latest = None
    for table, _, rows in tables:
        for column in {"Episodes": ("DECOM", "DEC"), "Reviews": ("REVIEW",), "Missing": ("MIS_START",)}.get(
            table, ()
        ):
            for _, raw in rows:
                day = _parse_date(raw.get(column, ""))
                if day and (latest is None or day > latest):
                    latest = day
    if latest is None:
        return None
    first = latest.year if latest.month >= 4 else latest.year - 1
    return collection_year(f"{first}-{(first + 1) % 100:02d}")


def read_returns(folder: Path, year_label: str | None = None) -> list[YearFiles]:
    """Every SSDA903 file in ``folder``, checked, by collection year, oldest first. Raises
    ``ImportFailed`` with every problem found when any file fails."""
    problems: list[Problem] = []
    wanted = None
    if year_label:
        try:
            wanted = collection_year(year_label)
        except ValueError as error:
            raise ImportFailed([Problem("--year", None, "", str(error))]) from error
    paths = sorted(p for p in Path(folder).iterdir() if p.is_file() and p.suffix.lower() == ".csv")
    if not paths:
        raise ImportFailed([Problem(str(folder), None, "", "There are no .csv files in this folder")])
    read: dict[str | None, list[tuple[str, str, list]]] = defaultdict(list)
    for path in paths:
        table, rows = _read_csv(path, problems)
        match = YEAR_IN_NAME.search(path.name)
        label = match.group(1) if match else None
        if label is not None:
            try:
                collection_year(label)
            except ValueError:
                label = None
        if wanted is not None and label is not None and label != wanted.label:
            problems.append(
                Problem(
                    path.name,
                    None,
                    "",
                    f"The file is named for {label}, but the import is for {wanted.label}",
                )
            )
        if table is not None:
            read[label].append((table, path.name, rows))
    if problems:
        raise ImportFailed(problems)
    unnamed = read.pop(None, [])
    if unnamed:
        if read:
            names = ", ".join(file for _, file, _ in unnamed)
            raise ImportFailed(
                [
                    Problem(
                        names,
                        None,
                        "",
                        "Name every file with its year (ssda903_2026-27_Episodes.csv) or none",
                    )
                ]
            )
        year = wanted or _year_from_dates(unnamed)
        if year is None:
            raise ImportFailed(
                [Problem(str(folder), None, "", "The year cannot be told from the files: give --year")]
            )
        read[year.label] = unnamed
    result = []
    for label in sorted(read):
        year = collection_year(label)
        result.append(_check_year(year, read[label], problems))
    if problems:
        raise ImportFailed(problems)
    return result


def _check_year(year: CollectionYear, files: list[tuple[str, str, list]], problems: list) -> YearFiles:
    tables: dict[str, Table] = {}
    for table, file, rows in files:
        if table in tables:
            problems.append(
                Problem(file, None, "", f"A second {table} file for {year.label} ({tables[table].file})")
            )
            continue
        tables[table] = Table(
            table,
            file,
            [Row(number, _check_row(table, file, number, raw, year, problems)) for number, raw in rows],
        )
    header = tables.get("Header")
    if header is None:
        problems.append(
            Problem(f"SSDA903 {year.label}", None, "", "There is no Header file (CHILD,SEX,DOB,...)")
        )
        return YearFiles(year, tables)
    births: dict[str, date | None] = {}
    for row in header.rows:
        if row["CHILD"] in births:
            problems.append(Problem(header.file, row.number, "CHILD", f"{row['CHILD']} is in Header twice"))
        births[row["CHILD"]] = row["DOB"]
    for name, table in tables.items():
        if name == "Header":
            continue
        for row in table.rows:
            if row["CHILD"] not in births:
                problems.append(
                    Problem(table.file, row.number, "CHILD", f"{row['CHILD']} is not in the Header file")
                )
            elif "DOB" in row.values and row["DOB"] != births[row["CHILD"]]:
                problems.append(
                    Problem(table.file, row.number, "DOB", "The date of birth differs from Header's")
                )
    if "Episodes" in tables:
        _check_episodes(tables["Episodes"].file, tables["Episodes"].rows, problems)
    return YearFiles(year, tables)
