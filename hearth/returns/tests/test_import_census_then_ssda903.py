"""Children looked after in both returns: the demo's census now counts every child looked after
in the year, and an old system's CIN census loaded before its SSDA903 keeps one episode of need
per episode, the 903's periods of care opening none where the census holds one."""

import shutil
from datetime import date

import pytest
from django.core.management import call_command

from hearth.childinneed.models import Referral
from hearth.childrenincare.models import PeriodOfCare
from hearth.returns.cin_census import census_children, census_xml
from hearth.returns.imports.cin_census import import_cin_census
from hearth.returns.imports.ssda903 import import_ssda903
from hearth.returns.periods import collection_year
from hearth.returns.ssda903 import COLUMNS, file_name, ssda903_tables, write_ssda903
from hearth.returns.tests.test_import_cin_census import _children
from hearth.returns.tests.test_import_ssda903 import _export, _normalised

TODAY = date(2026, 11, 20)
YEARS = ("2025-26", "2026-27")


def _looked_after_in(label: str) -> set[str]:
    year = collection_year(label)
    periods = PeriodOfCare.objects.filter(start_date__lte=year.end).exclude(end_date__lt=year.start)
    return {period.child.return_id for period in periods.select_related("child")}


@pytest.fixture(scope="module")
def demo_returns(django_db_setup, django_db_blocker, tmp_path_factory):
    """The tiny demo's CIN census and SSDA903 for two years, as files and as derived; who was
    looked after and who was in the census; then the record is emptied."""
    folder = tmp_path_factory.mktemp("both")
    with django_db_blocker.unblock():
        call_command("generate_demo_authority", scale="tiny", seed=1, today=TODAY, no_progress=True)
        expected = {}
        for label in YEARS:
            year = collection_year(label)
            (folder / f"cin-{label}.xml").write_bytes(census_xml(year))
            tables = ssda903_tables(year, as_at=TODAY)
            write_ssda903(year, folder / "ssda903", tables)
            expected[label] = {
                "census": _children(label),
                "ssda903": _normalised(tables),
                "looked_after": _looked_after_in(label),
                "in_census": {child.la_child_id for child in census_children(year)},
            }
        call_command("flush", interactive=False, verbosity=0)
    return folder, expected


def test_every_child_looked_after_in_the_year_is_in_the_census(demo_returns):
    _, expected = demo_returns
    for label in YEARS:
        looked_after = expected[label]["looked_after"]
        assert looked_after, label
        assert looked_after <= expected[label]["in_census"], label


def test_a_census_then_the_ssda903_leave_one_episode_of_need_per_episode(db, demo_returns, tmp_path):
    folder, expected = demo_returns
    for label in YEARS:
        assert import_cin_census(folder / f"cin-{label}.xml").refused == []
    episodes = Referral.objects.count()

    ssda903 = tmp_path / "ssda903"
    ssda903.mkdir()
    for label in YEARS:
        for name in COLUMNS:
            shutil.copy(folder / "ssda903" / file_name(collection_year(label), name), ssda903)
    assert import_ssda903(ssda903).refused == []

    assert PeriodOfCare.objects.exists()
    assert Referral.objects.count() == episodes, "the census already held each child's episode"
    for label in YEARS:
        assert _children(label) == expected[label]["census"], label
        assert _export(label) == expected[label]["ssda903"], label
