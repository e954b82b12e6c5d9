"""The legacy SSDA903 import: a generated authority's return, loaded into an empty record through
the services, gives back exactly the same return; bad files are refused whole, by name."""

import csv
import shutil
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hearth.childrenincare.models import PeriodOfCare
from hearth.people.models import Person
from hearth.returns.imports.common import IMPORTER_USERNAME, ImportFailed
from hearth.returns.imports.ssda903 import import_ssda903
from hearth.returns.periods import collection_year
from hearth.returns.ssda903 import COLUMNS, file_name, ssda903_tables, write_ssda903

TODAY = date(2026, 11, 20)  # the demo's today, and the day both exports are taken
YEARS = ("2025-26", "2026-27")


def _normalised(tables: dict) -> dict[str, list[tuple]]:
    return {
        name: sorted(tuple(row[c] for c in COLUMNS[name]) for row in rows) for name, rows in tables.items()
    }


def _export(label: str) -> dict[str, list[tuple]]:
    return _normalised(ssda903_tables(collection_year(label), as_at=TODAY))


@pytest.fixture(scope="module")
def demo_return(django_db_setup, django_db_blocker, tmp_path_factory):
    """The tiny demo's return for two years, as files and as rows; the record is then emptied."""
    folder = tmp_path_factory.mktemp("ssda903")
    with django_db_blocker.unblock():
        call_command("generate_demo_authority", scale="tiny", seed=1, today=TODAY, no_progress=True)
        expected = {}
        for label in YEARS:
            tables = ssda903_tables(collection_year(label), as_at=TODAY)
            write_ssda903(collection_year(label), folder, tables)
            expected[label] = _normalised(tables)
        call_command("flush", interactive=False, verbosity=0)
    return folder, expected


def _one_year(source, tmp_path, label="2026-27"):
    folder = tmp_path / label
    folder.mkdir()
    for name in COLUMNS:
        shutil.copy(source / file_name(collection_year(label), name), folder)
    return folder


def _edit(path, row: int, column: str, value: str) -> None:
    """Set one cell (row counted as in the report: the header is row 1)."""
    lines = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    lines[row - 1][lines[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, lineterminator="\r\n").writerows(lines)


def _failure(folder, **options) -> list[str]:
    with pytest.raises(ImportFailed) as failed:
        import_ssda903(folder, **options)
    assert not Person.objects.exists(), "a failed import saves nothing"
    return [str(problem) for problem in failed.value.problems]


# --- round trips -----------------------------------------------------------------------------------


def test_a_year_imported_into_an_empty_record_exports_the_same_rows(db, demo_return, tmp_path):
    source, expected = demo_return
    assert sum(len(rows) for rows in expected["2026-27"].values()) > 60, "a sizeable return"
    report = import_ssda903(_one_year(source, tmp_path))
    assert report.refused == []
    assert _export("2026-27") == expected["2026-27"]
    assert all(p.created_by.username == IMPORTER_USERNAME for p in PeriodOfCare.objects.all())


def test_events_are_recorded_at_their_own_dates(db, demo_return, tmp_path):
    source, _ = demo_return
    import_ssda903(_one_year(source, tmp_path))
    period = PeriodOfCare.objects.order_by("start_date").first()
    assert period.created_at.date() == period.start_date
    assert period.history.earliest().history_date.date() == period.start_date


def test_two_years_in_one_folder_load_oldest_first_and_both_round_trip(db, demo_return):
    source, expected = demo_return
    report = import_ssda903(source)
    assert report.refused == []
    assert report.counts["Episodes"]["held"] > 0, "the episodes open on 31 March are not loaded twice"
    for label in YEARS:
        assert _export(label) == expected[label], label


def test_importing_the_same_year_again_adds_nothing(db, demo_return, tmp_path):
    source, expected = demo_return
    folder = _one_year(source, tmp_path)
    import_ssda903(folder)
    again = import_ssda903(folder)
    assert all(counts["loaded"] == 0 for counts in again.counts.values()), again.lines()
    assert again.refused == []
    assert _export("2026-27") == expected["2026-27"]


def test_a_child_already_holding_the_legacy_id_is_reused(db, demo_return, tmp_path):
    source, _ = demo_return
    folder = _one_year(source, tmp_path)
    import_ssda903(folder, year="2026-27")
    people = Person.objects.count()
    import_ssda903(folder, year="2026-27")
    assert Person.objects.count() == people


# --- bad input: the whole import fails, naming file, row and field ---------------------------------


def test_malformed_csv_fails_by_file_and_row(db, demo_return, tmp_path):
    folder = _one_year(demo_return[0], tmp_path)
    path = folder / "ssda903_2026-27_Reviews.csv"
    path.write_text(path.read_text() + "0000011,09/11/2024\r\n")
    assert any("ssda903_2026-27_Reviews.csv, row" in p and "2 values" in p for p in _failure(folder))


def test_a_missing_column_fails_naming_it(db, demo_return, tmp_path):
    folder = _one_year(demo_return[0], tmp_path)
    path = folder / "ssda903_2026-27_Episodes.csv"
    lines = [line.rsplit(",", 1)[0] for line in path.read_text().splitlines()]
    path.write_text("\r\n".join(lines) + "\r\n")
    problems = _failure(folder)
    assert any("Episodes.csv" in p and "missing URN" in p for p in problems), problems


def test_an_unknown_code_fails_naming_file_row_and_field(db, demo_return, tmp_path):
    folder = _one_year(demo_return[0], tmp_path)
    _edit(folder / "ssda903_2026-27_Episodes.csv", 2, "LS", "C9")
    assert "ssda903_2026-27_Episodes.csv, row 2, LS: C9 is not a code of DfE's list for LS" in _failure(
        folder
    )


def test_an_impossible_date_fails(db, demo_return, tmp_path):
    folder = _one_year(demo_return[0], tmp_path)
    _edit(folder / "ssda903_2026-27_Reviews.csv", 2, "REVIEW", "31/02/2026")
    problems = _failure(folder)
    assert any(
        p.startswith("ssda903_2026-27_Reviews.csv, row 2, REVIEW: 31/02/2026 is not a date") for p in problems
    )


def test_a_date_in_the_future_fails(db, demo_return, tmp_path):
    folder = _one_year(demo_return[0], tmp_path)
    _edit(folder / "ssda903_2026-27_Missing.csv", 2, "MIS_END", "01/01/2099")
    assert any("MIS_END: 01/01/2099 is in the future" in p for p in _failure(folder))


def test_a_file_named_for_another_year_fails(db, demo_return, tmp_path):
    folder = _one_year(demo_return[0], tmp_path)
    shutil.copy(demo_return[0] / "ssda903_2025-26_Reviews.csv", folder)
    problems = _failure(folder, year="2026-27")
    assert any("ssda903_2025-26_Reviews.csv" in p and "import is for 2026-27" in p for p in problems)


def test_last_years_rows_in_this_years_file_fail(db, demo_return, tmp_path):
    folder = _one_year(demo_return[0], tmp_path)
    last = (demo_return[0] / "ssda903_2025-26_Reviews.csv").read_text()
    (folder / "ssda903_2026-27_Reviews.csv").write_text(last)
    assert any("outside the collection year 2026-27" in p for p in _failure(folder))


def test_a_row_about_a_child_not_in_header_fails(db, demo_return, tmp_path):
    folder = _one_year(demo_return[0], tmp_path)
    _edit(folder / "ssda903_2026-27_Reviews.csv", 2, "CHILD", "NOBODY1")
    assert any("Reviews.csv, row 2, CHILD: NOBODY1 is not in the Header file" in p for p in _failure(folder))


def test_the_command_exits_non_zero_and_saves_nothing(db, demo_return, tmp_path, capsys):
    folder = _one_year(demo_return[0], tmp_path)
    _edit(folder / "ssda903_2026-27_Header.csv", 2, "SEX", "X")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_ssda903", str(folder))
    assert "Header.csv, row 2, SEX: X is not a code" in capsys.readouterr().err
    assert not Person.objects.exists()


# --- rows a service refuses ---------------------------------------------------------------------------


def test_a_row_a_service_refuses_is_reported_and_the_rest_load(db, demo_return, tmp_path, capsys):
    folder = _one_year(demo_return[0], tmp_path)
    path = folder / "ssda903_2026-27_Reviews.csv"
    rows = list(csv.DictReader(path.read_text().splitlines()))
    under_4 = next(i for i, r in enumerate(rows) if r["REVIEW_CODE"] == "PN0")
    _edit(path, under_4 + 2, "REVIEW_CODE", "PN1")
    call_command("import_ssda903", str(folder))
    out = capsys.readouterr().out
    assert (
        f"Reviews.csv, row {under_4 + 2}, participation: The child was under 4 at the review: select PN0"
        in out
    )
    assert f"Reviews: read {len(rows)}, loaded {len(rows) - 1}, held 0, refused 1" in out
    assert Person.objects.exists()
