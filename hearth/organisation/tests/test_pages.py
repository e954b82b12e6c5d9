"""The organisation's pages: open to every signed-in role, each in a fixed number of queries."""

from http import HTTPStatus

import pytest

from hearth.organisation import selectors
from hearth.organisation.models import Service

# Six for the session, the user and their roles (as on every page), then at most three reads
# of the page's own, however many services, teams and staff there are.
MAX_QUERIES = 9


@pytest.fixture
def signed_in(client, organisation, social_worker):
    client.force_login(social_worker)
    return client


def _pages(organisation):
    return [
        "/organisation/",
        "/organisation/services/",
        "/organisation/services/?status=core&as_at_0=1&as_at_1=9&as_at_2=2016",
        "/organisation/services/adoption/",
        f"/organisation/teams/{organisation.asti.pk}/",
        f"/organisation/staff/{organisation.worker.pk}/",
    ]


def test_every_page_opens_in_a_fixed_number_of_queries(
    signed_in, organisation, django_assert_max_num_queries
):
    for url in _pages(organisation):
        with django_assert_max_num_queries(MAX_QUERIES):
            response = signed_in.get(url)
        assert response.status_code == HTTPStatus.OK, url


def test_every_role_may_read_the_organisation(client, organisation, analyst, administrator, team_manager):
    for user in (analyst, administrator, team_manager):
        client.force_login(user)
        for url in _pages(organisation):
            assert client.get(url).status_code == HTTPStatus.OK, (user, url)


def test_someone_with_no_role_is_refused(client, organisation, no_role_user):
    client.force_login(no_role_user)
    assert client.get("/organisation/services/").status_code == HTTPStatus.FORBIDDEN


def test_the_navigation_offers_the_organisation(signed_in):
    assert b'href="/organisation/"' in signed_in.get("/").content


def test_the_list_shows_areas_and_teams(signed_in, organisation):
    page = signed_in.get("/organisation/").content.decode()
    assert "North" in page and "North ASTI" in page
    assert "Teams across the whole authority" in page and "LADO" in page


def test_the_register_filters_by_status(signed_in):
    page = signed_in.get("/organisation/services/?status=out_of_scope").content.decode()
    assert "Education Services" in page
    assert "Adoption" not in page


def test_the_register_as_it_stood_before_the_second_paper(signed_in):
    page = signed_in.get("/organisation/services/?as_at_0=1&as_at_1=9&as_at_2=2016").content.decode()
    assert "The register as it stood on 1 September 2016" in page
    assert "Projects and Programmes" not in page
    assert "Under further consideration" in page


def test_an_impossible_date_is_explained_and_the_register_shown_as_today(signed_in):
    response = signed_in.get("/organisation/services/?as_at_0=31&as_at_1=2&as_at_2=2017")
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter a real date, like 1 2 2017" in page
    assert "The register today" in page


def test_a_service_page_shows_its_history(signed_in):
    page = signed_in.get("/organisation/services/disabled-childrens-social-care/").content.decode()
    assert "1 August 2016" in page and "1 January 2017" in page
    assert "Under further consideration" in page and "Core service in scope" in page


def test_a_team_page_lists_members_without_a_caseload_column_until_caseloads_are_counted(
    signed_in, organisation
):
    page = signed_in.get(f"/organisation/teams/{organisation.asti.pk}/").content.decode()
    assert "Sam Okafor" in page and "Kit Adams" in page and "Agency" in page and "0.8" in page
    assert "Caseload" not in page
    selectors.caseload_counter_register(lambda staff: {member.pk: 12 for member in staff})
    try:
        page = signed_in.get(f"/organisation/teams/{organisation.asti.pk}/").content.decode()
    finally:
        selectors.caseload_counter_register(None)
    assert "Caseload" in page and ">12<" in page


def test_a_staff_page_shows_their_team_and_manager(signed_in, organisation):
    page = signed_in.get(f"/organisation/staff/{organisation.worker.pk}/").content.decode()
    assert "North ASTI" in page and "Tara Reid" in page and "SW100002" in page


def test_missing_records_are_404s(signed_in):
    assert signed_in.get("/organisation/services/no-such-service/").status_code == HTTPStatus.NOT_FOUND
    assert signed_in.get("/organisation/teams/999999/").status_code == HTTPStatus.NOT_FOUND
    assert signed_in.get("/organisation/staff/999999/").status_code == HTTPStatus.NOT_FOUND


def test_an_administrator_edits_the_register_in_the_admin(client, organisation, administrator):
    administrator.is_staff = administrator.is_superuser = True
    administrator.save()
    client.force_login(administrator)
    adoption = Service.objects.get(code="adoption")
    for url in (
        "/admin/organisation/service/",
        f"/admin/organisation/service/{adoption.pk}/change/",
        "/admin/organisation/servicescopechange/",
        "/admin/organisation/area/",
        "/admin/organisation/team/",
        f"/admin/organisation/team/{organisation.asti.pk}/change/",
        "/admin/organisation/staffmember/",
        f"/admin/organisation/staffmember/{organisation.worker.pk}/change/",
    ):
        assert client.get(url).status_code == HTTPStatus.OK, url
