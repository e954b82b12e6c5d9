"""The Find a person page."""

from datetime import date

import pytest
from django.urls import reverse

from hearth.people.services import address_add, person_create

URL = "/people/search/"


def person(by, first_name="John", last_name="Smith", **fields):
    values = {"date_of_birth": date(2015, 4, 1), "sex": "M"}
    return person_create(by=by, first_name=first_name, last_name=last_name, **{**values, **fields})


def test_it_lives_at_people_search():
    assert reverse("people:search") == URL


def test_it_shows_an_empty_form_before_a_search(client, social_worker):
    client.force_login(social_worker)
    page = client.get(URL)
    assert page.status_code == 200
    assert b"Find a person" in page.content
    assert b"search-results" not in page.content.replace(b'id="search-results"', b"")


def test_it_lists_the_people_found_with_a_link_to_each_record(client, social_worker):
    john = person(social_worker)
    address_add(
        person=john, by=social_worker, line_1="1 High St", postcode="LS6 2AB", start_date=date(2020, 1, 1)
    )
    client.force_login(social_worker)
    page = client.get(URL, {"name": "smyth jon"})
    html = page.content.decode()
    assert "1 person found" in html
    assert f'href="/people/{john.pk}/"' in html
    assert "1 Apr 2015" in html
    assert john.reference in html
    assert "LS6 2AB" in html


def test_it_searches_by_date_of_birth_typed_into_the_date_input(client, social_worker):
    person(social_worker, date_of_birth=date(2015, 4, 1))
    client.force_login(social_worker)
    page = client.get(URL, {"date_of_birth_0": "1", "date_of_birth_1": "4", "date_of_birth_2": "2015"})
    assert "1 person found" in page.content.decode()
    page = client.get(URL, {"date_of_birth_0": "", "date_of_birth_1": "", "date_of_birth_2": "2015"})
    assert "1 person found" in page.content.decode()


def test_it_shows_a_restricted_person_without_their_details(client, social_worker):
    hidden = person(social_worker, is_restricted=True)
    address_add(
        person=hidden,
        by=social_worker,
        line_1="1 Safe Place",
        postcode="LS6 2AB",
        start_date=date(2020, 1, 1),
    )
    client.force_login(social_worker)
    html = client.get(URL, {"name": "John Smith"}).content.decode()
    assert "Restricted record" in html
    assert hidden.reference in html
    assert "1 Apr 2015" not in html
    assert "LS6 2AB" not in html
    assert "John Smith" not in html.split("search-results", 1)[1]


def test_an_empty_search_asks_for_something_to_search_for(client, social_worker):
    client.force_login(social_worker)
    page = client.get(URL, {"name": ""})
    html = page.content.decode()
    assert "govuk-error-summary" in html
    assert "Enter a name, date of birth, identifier or postcode" in html


def test_a_date_without_a_year_is_an_error(client, social_worker):
    client.force_login(social_worker)
    html = client.get(
        URL, {"date_of_birth_0": "1", "date_of_birth_1": "4", "date_of_birth_2": ""}
    ).content.decode()
    assert "Date of birth must include a year" in html


def test_htmx_requests_get_only_the_results(client, social_worker):
    person(social_worker)
    client.force_login(social_worker)
    page = client.get(URL, {"name": "John Smith"}, headers={"HX-Request": "true"})
    html = page.content.decode()
    assert "<html" not in html
    assert "1 person found" in html


def test_analysts_may_search_but_are_not_offered_to_create(client, analyst, social_worker):
    person(social_worker)
    client.force_login(analyst)
    html = client.get(URL, {"name": "John Smith"}).content.decode()
    assert "1 person found" in html
    assert reverse("people:create") not in html


@pytest.mark.parametrize("role_user", ["administrator", "no_role_user"])
def test_people_without_a_casework_role_may_not_search(client, request, role_user):
    client.force_login(request.getfixturevalue(role_user))
    assert client.get(URL).status_code == 403


def test_find_a_person_is_in_the_navigation_for_caseworkers(client, social_worker):
    client.force_login(social_worker)
    html = client.get("/").content.decode()
    assert 'href="/people/search/"' in html


# The rows of the results as the template loop wrote them before they were written in Python.
TEMPLATE_ROWS = """{% for person in results %}
    <tr class="govuk-table__row" data-testid="result">
      {% if person.is_restricted %}
      <td class="govuk-table__cell">
        <a class="govuk-link" href="{% url 'people:summary' person.pk %}">Restricted record</a>
        <span class="govuk-body-s govuk-!-display-block">Only named staff may open it; you will be asked why you need to.</span>
      </td>
      <td class="govuk-table__cell"><span class="govuk-visually-hidden">Not shown</span></td>
      <td class="govuk-table__cell">{{ person.reference }}</td>
      <td class="govuk-table__cell"><span class="govuk-visually-hidden">Not shown</span></td>
      <td class="govuk-table__cell"><span class="govuk-visually-hidden">Not shown</span></td>
      {% else %}
      <td class="govuk-table__cell">
        <a class="govuk-link" href="{% url 'people:summary' person.pk %}">{{ person.display_name }}</a>
        {% if person.matched_name %}<span class="govuk-body-s govuk-!-display-block">{{ person.matched_name }}</span>{% endif %}
      </td>
      <td class="govuk-table__cell">{% if person.date_of_birth %}{{ person.date_of_birth|date:"j M Y" }}{% elif person.expected_date_of_birth %}Due {{ person.expected_date_of_birth|date:"j M Y" }}{% else %}Not known{% endif %}</td>
      <td class="govuk-table__cell">{{ person.reference }}</td>
      <td class="govuk-table__cell">{{ person.current_address.postcode|default:"Not known" }}</td>
      <td class="govuk-table__cell">{{ person.get_person_type_display }}</td>
      {% endif %}
    </tr>
    {% endfor %}"""


def test_the_rows_are_written_exactly_as_the_template_wrote_them(social_worker):
    from django.template import Context, Template

    from hearth.people.models import PersonType
    from hearth.people.search import find_people
    from hearth.people.services import other_name_add
    from hearth.people.views.search import result_rows

    quoted = person(social_worker, first_name='Siobhán "<b>" & Co', last_name="O'Brien")
    address_add(
        person=quoted, by=social_worker, line_1="1 High St", postcode="B15 2TT", start_date=date(2020, 1, 1)
    )
    other_name_add(person=quoted, by=social_worker, kind="alias", first_name="Shiv", last_name='O"Brien')
    person(social_worker, first_name="Ann", last_name="O'Brien", date_of_birth=None)
    person(social_worker, first_name="Kit", last_name="O'Brien", is_restricted=True)
    person_create(
        by=social_worker,
        person_type=PersonType.UNBORN,
        last_name="O'Brien",
        expected_date_of_birth=date(2026, 12, 1),
    )
    for typed in ("O'Brien", 'Shiv O"Brien', "Obrien Siobhan"):
        found = find_people(text=typed)
        expected = Template(TEMPLATE_ROWS).render(Context({"results": found}))
        assert result_rows(found) == expected
    assert len(find_people(text="O'Brien")) == 4
    assert any(p.matched_name for p in find_people(text='Shiv O"Brien'))
    assert "Due 1 Dec 2026" in result_rows(find_people(text="O'Brien"))
