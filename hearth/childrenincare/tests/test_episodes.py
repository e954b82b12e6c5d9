"""The SSDA903 episodes are worked out from the legal statuses and placements."""

from datetime import date

from hearth.childrenincare.episodes import COLUMNS, derive_episodes
from hearth.childrenincare.services import legal_status_change, period_of_care_end, placement_change
from hearth.childrenincare.tests.conftest import CHILDRENS_HOME, FOSTER_PLACEMENT

ADOPTERS = {
    "placement_type": "A5",
    "provider": "PR1",
    "carer_name": "Jan and Lee Harris",
    "ofsted_urn": "XXXXXXX",
}
LONG_TERM_SAME_CARERS = {**FOSTER_PLACEMENT, "placement_type": "U4"}


def rne(period) -> list[str]:
    return [episode.RNE for episode in derive_episodes(period)]


def test_the_first_episode_starts_with_the_period_as_s(period):
    (episode,) = derive_episodes(period)
    assert (
        date(2026, 1, 5),
        "S",
        "C1",
        "U6",
        "N1",
    ) == (episode.DECOM, episode.RNE, episode.LS, episode.PLACE, episode.CIN)
    assert (episode.DEC, episode.REC, episode.REASON_PLACE_CHANGE) == (None, "", "")


def test_a_change_of_legal_status_only_is_l(period, social_worker):
    legal_status_change(period=period, legal_status="C2", on=date(2026, 3, 2), by=social_worker)
    assert rne(period) == ["S", "L"]


def test_a_change_of_placement_and_carer_is_p(period, social_worker):
    placement_change(
        period=period, on=date(2026, 2, 9), by=social_worker, reason_changed="CREQB", **CHILDRENS_HOME
    )
    assert rne(period) == ["S", "P"]


def test_a_change_of_placement_with_the_same_carer_is_t(period, social_worker):
    placement_change(
        period=period,
        on=date(2026, 2, 9),
        by=social_worker,
        reason_changed="PLACE",
        same_carer=True,
        **LONG_TERM_SAME_CARERS,
    )
    assert rne(period) == ["S", "T"]


def test_legal_status_and_placement_and_carer_the_same_day_is_b(period, social_worker):
    legal_status_change(period=period, legal_status="C2", on=date(2026, 3, 2), by=social_worker)
    placement_change(
        period=period, on=date(2026, 3, 2), by=social_worker, reason_changed="CARPL", **CHILDRENS_HOME
    )
    assert rne(period) == ["S", "B"]


def test_legal_status_and_placement_with_the_same_carer_the_same_day_is_u(period, social_worker):
    legal_status_change(period=period, legal_status="E1", on=date(2026, 3, 2), by=social_worker)
    placement_change(
        period=period,
        on=date(2026, 3, 2),
        by=social_worker,
        reason_changed="CARPL",
        same_carer=True,
        **ADOPTERS,
    )
    assert rne(period) == ["S", "U"]


def test_a_temporary_placement_carries_no_reason_for_the_change(period, social_worker):
    placement_change(
        period=period, on=date(2026, 2, 9), by=social_worker, reason_changed="OTHER", placement_type="T1"
    )
    placement_change(
        period=period, on=date(2026, 2, 12), by=social_worker, reason_changed="", **FOSTER_PLACEMENT
    )
    first, hospital, back = derive_episodes(period)
    # DfE rule 226: neither the temporary placement nor the episode before it carries a reason.
    assert (first.REASON_PLACE_CHANGE, hospital.REASON_PLACE_CHANGE) == ("", "")
    assert (hospital.PLACE, hospital.PLACE_PROVIDER, hospital.URN) == ("T1", "", "")
    assert back.RNE == "P"


def test_a_full_period_of_care_gives_the_episodes_dfe_expects(period, social_worker):
    """Interim care order in foster care; a move to a children's home; full care order; back to
    foster care; a placement order; placed for adoption with the same carers; adopted."""
    placement_change(
        period=period, on=date(2026, 2, 9), by=social_worker, reason_changed="CREQB", **CHILDRENS_HOME
    )
    legal_status_change(period=period, legal_status="C2", on=date(2026, 3, 2), by=social_worker)
    placement_change(
        period=period, on=date(2026, 4, 13), by=social_worker, reason_changed="CARPL", **FOSTER_PLACEMENT
    )
    legal_status_change(period=period, legal_status="E1", on=date(2026, 6, 1), by=social_worker)
    placement_change(
        period=period,
        on=date(2026, 6, 1),
        by=social_worker,
        reason_changed="CARPL",
        same_carer=True,
        **ADOPTERS,
    )
    period_of_care_end(period=period, end_date=date(2026, 9, 14), reason_ceased="E11", by=social_worker)

    header = ["DECOM", "RNE", "LS", "PLACE", "PLACE_PROVIDER", "DEC", "REC", "REASON_PLACE_CHANGE", "URN"]
    expected = [
        ["05/01/2026", "S", "C1", "U6", "PR1", "09/02/2026", "X1", "CREQB", "SC123456"],
        ["09/02/2026", "P", "C1", "K2", "PR4", "02/03/2026", "X1", "", "SC654321"],
        ["02/03/2026", "L", "C2", "K2", "PR4", "13/04/2026", "X1", "CARPL", "SC654321"],
        ["13/04/2026", "P", "C2", "U6", "PR1", "01/06/2026", "X1", "CARPL", "SC123456"],
        ["01/06/2026", "U", "E1", "A5", "PR1", "14/09/2026", "E11", "", "XXXXXXX"],
    ]
    rows = [episode.row() for episode in derive_episodes(period)]
    assert [[row[name] for name in header] for row in rows] == expected
    assert all(list(row) == list(COLUMNS) for row in rows)
    assert {row["CIN"] for row in rows} == {"N1"} and {row["HOME_POST"] for row in rows} == {"B12 9QS"}
    assert [row["PL_POST"] for row in rows] == ["B15 2TT", "B29 6BD", "B29 6BD", "B15 2TT", ""]


def test_periods_with_timelines_reads_every_period_in_six_queries_and_episodes_need_none(
    period, social_worker, cp_chair, django_assert_num_queries
):
    from hearth.childrenincare.selectors import next_review_due, periods_with_timelines
    from hearth.childrenincare.services import care_review_hold, iro_assign

    legal_status_change(period=period, legal_status="C2", on=date(2026, 3, 2), by=social_worker)
    placement_change(
        period=period, on=date(2026, 2, 9), by=social_worker, reason_changed="CREQB", **CHILDRENS_HOME
    )
    care_review_hold(
        period=period, review_date=date(2026, 1, 30), chair=cp_chair, participation="PN1", by=cp_chair
    )
    iro_assign(period=period, iro=cp_chair, start_date=date(2026, 1, 6), by=social_worker)
    next_review_due(period)  # warm the clock cache
    with django_assert_num_queries(6):
        (read,) = periods_with_timelines(period.child)
        assert [episode.RNE for episode in derive_episodes(read)] == ["S", "P", "L"]
        assert next_review_due(read) == date(2026, 4, 30)
        assert read.reviews.all()[0].chair == cp_chair
