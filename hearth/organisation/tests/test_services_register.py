"""The services register: loaded from the scope papers, with each service's scope over time."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from hearth.organisation.models import Delivery, ScopeStatus, Service, ServiceScopeChange
from hearth.organisation.register_data import SERVICES
from hearth.organisation.selectors import register_as_at, service_history, service_scope_on
from hearth.organisation.services import service_scope_change_record, services_register_load

BEFORE_THE_SECOND_PAPER = date(2016, 10, 1)
AFTER_THE_SECOND_PAPER = date(2017, 3, 1)


def _scope(code: str, on: date = AFTER_THE_SECOND_PAPER) -> ServiceScopeChange:
    return service_scope_on(Service.objects.get(code=code), on)


def test_loading_twice_adds_nothing_the_second_time(db):
    first = services_register_load()
    second = services_register_load()
    assert first.services_created == len(SERVICES) == Service.objects.count()
    assert first.changes_created == ServiceScopeChange.objects.count()
    assert (second.services_created, second.changes_created) == (0, 0)


def test_the_loader_keeps_what_an_administrator_corrected(register):
    Service.objects.filter(code="adoption").update(description="Run by the regional adoption agency.")
    services_register_load()
    assert Service.objects.get(code="adoption").description == "Run by the regional adoption agency."


def test_the_command_loads_the_register_and_can_run_again(db, capsys):
    call_command("load_services_register")
    call_command("load_services_register")
    assert "0 services and 0 scope changes added" in capsys.readouterr().out
    assert Service.objects.count() == len(SERVICES)


def test_every_service_of_the_recommended_scope_is_on_the_register(register):
    # Sections 2 to 5 of the January 2017 paper: 16 core, 8 people-directorate support,
    # 6 corporate support, 2 out of scope and the Virtual School still to be decided.
    counts = {status: 0 for status in ScopeStatus.values}
    for entry in register_as_at(on=AFTER_THE_SECOND_PAPER):
        counts[entry.change.status] += 1
    assert counts == {
        ScopeStatus.CORE: 16,
        ScopeStatus.PEOPLE_SUPPORT: 8,
        ScopeStatus.CORPORATE_SUPPORT: 6,
        ScopeStatus.OUT_OF_SCOPE: 2,
        ScopeStatus.UNDER_CONSIDERATION: 1,
    }


def test_adoption_is_a_core_service_run_by_the_trust(register):
    adoption = _scope("adoption")
    assert (adoption.status, adoption.delivery) == (ScopeStatus.CORE, Delivery.TRUST)


def test_education_services_are_out_of_scope(register):
    assert _scope("education-services").status == ScopeStatus.OUT_OF_SCOPE


def test_corporate_it_services_are_bought_back_from_the_council(register):
    it = _scope("it-services-corporate")
    assert it.status == ScopeStatus.CORPORATE_SUPPORT
    assert it.delivery == Delivery.BOUGHT_BACK
    assert it.agreement_party == "Birmingham City Council"


def test_hr_could_be_an_agreement_with_the_council(register):
    hr = _scope("hr")
    assert (hr.status, hr.delivery) == (ScopeStatus.CORPORATE_SUPPORT, Delivery.AGREEMENT_POSSIBLE)
    assert "SLA" in hr.agreement_detail


def test_the_virtual_school_is_still_under_further_consideration(register):
    assert _scope("virtual-school").status == ScopeStatus.UNDER_CONSIDERATION


def test_the_register_before_and_after_disabled_childrens_social_care_came_into_scope(register):
    before = {e.service.code: e.change for e in register_as_at(on=BEFORE_THE_SECOND_PAPER)}
    after = {e.service.code: e.change for e in register_as_at(on=AFTER_THE_SECOND_PAPER)}
    assert before["disabled-childrens-social-care"].status == ScopeStatus.UNDER_CONSIDERATION
    assert after["disabled-childrens-social-care"].status == ScopeStatus.CORE
    # Projects and Programmes first appeared in the second paper.
    assert "projects-programmes" not in before
    assert after["projects-programmes"].status == ScopeStatus.PEOPLE_SUPPORT


def test_nothing_is_on_the_register_before_the_first_paper(register):
    assert register_as_at(on=date(2016, 7, 31)) == []


def test_the_register_can_be_filtered_by_status(register):
    out = register_as_at(on=AFTER_THE_SECOND_PAPER, status=ScopeStatus.OUT_OF_SCOPE)
    assert {entry.service.code for entry in out} == {"education-services", "early-years-health-visiting"}


def test_a_service_shows_its_history_newest_first(register):
    history = service_history(Service.objects.get(code="professional-support-services"))
    assert [(c.effective_from, c.status) for c in history] == [
        (date(2017, 1, 1), ScopeStatus.PEOPLE_SUPPORT),
        (date(2016, 8, 1), ScopeStatus.CORE),
    ]


def test_a_later_decision_changes_the_register_from_its_date(register):
    virtual_school = Service.objects.get(code="virtual-school")
    service_scope_change_record(
        service=virtual_school,
        status=ScopeStatus.CORE,
        delivery=Delivery.TRUST,
        effective_from=date(2017, 7, 1),
        source="July 2017 Cabinet",
        reason="Brought into scope after consultation.",
    )
    assert service_scope_on(virtual_school, date(2017, 6, 30)).status == ScopeStatus.UNDER_CONSIDERATION
    assert service_scope_on(virtual_school, date(2017, 7, 1)).status == ScopeStatus.CORE


def test_a_buy_back_must_name_who_it_is_bought_from(register):
    finance = Service.objects.get(code="finance")
    with pytest.raises(ValidationError) as refused:
        service_scope_change_record(
            service=finance,
            status=ScopeStatus.CORPORATE_SUPPORT,
            delivery=Delivery.BOUGHT_BACK,
            effective_from=date(2018, 4, 1),
            source="Test",
        )
    assert "Enter who the service is bought back from" in str(refused.value)
    assert not finance.scope_changes.filter(effective_from=date(2018, 4, 1)).exists()


def test_a_service_has_one_scope_change_a_day(register):
    with pytest.raises(ValidationError):
        service_scope_change_record(
            service=Service.objects.get(code="adoption"),
            status=ScopeStatus.OUT_OF_SCOPE,
            delivery=Delivery.NOT_TRUST,
            effective_from=date(2017, 1, 1),
            source="Test",
        )
