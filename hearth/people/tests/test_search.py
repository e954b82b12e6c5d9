"""Finding a person by any name, date of birth, identifier or postcode they are known by."""

from datetime import date

import pytest

from hearth.people.identifiers import upn_check_letter
from hearth.people.merge import person_merge
from hearth.people.search import find_people, name_keys, phonetic_key, read_name
from hearth.people.services import address_add, other_name_add, person_create

NHS_NUMBER = "9434765919"
UPN = "A" + "881234567890"
UPN = upn_check_letter(UPN[1:]) + UPN[1:]
FORMER_UPN = upn_check_letter("881234567891") + "881234567891"


def person(by, first_name="John", last_name="Smith", **fields):
    values = {"date_of_birth": date(2015, 4, 1), "sex": "M"}
    return person_create(by=by, first_name=first_name, last_name=last_name, **{**values, **fields})


def names(found) -> list[str]:
    return [p.display_name for p in found]


# --- keys ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spellings",
    [
        ("Mohammed", "Muhammad", "Mohamed", "Mohammad"),
        ("Stephen", "Steven"),
        ("Thompson", "Thomson", "Tomson"),
        ("Smith", "Smyth", "SMITH", " smith "),
        ("Catherine", "Kathryn", "Katherine"),
        ("MacDonald", "McDonald", "Mac Donald"),
        ("Sean", "Shaun", "Shawn"),
        ("O'Brien", "OBrien", "O Brien"),
        ("Zoë", "Zoe"),
        ("Philip", "Phillip"),
        ("Hughes", "Hughs"),
        ("Leigh", "Lee"),
        ("Lewis", "Louis"),
        ("Ryan", "Rian"),
        ("Aisha", "Ayesha"),
        ("Khan", "Kahn"),
    ],
)
def test_common_spellings_of_a_name_share_a_key(spellings):
    assert len({phonetic_key(name) for name in spellings}) == 1


def test_different_names_have_different_keys():
    assert phonetic_key("Smith") != phonetic_key("Jones")
    assert phonetic_key("Mohammed") != phonetic_key("Michael")


def test_name_keys_are_the_surname_then_the_first_forename():
    assert name_keys("Mary Ann", "Thomson") == (phonetic_key("Thompson"), phonetic_key("Mary"))
    assert name_keys("", "") == ("", "")


def test_a_name_is_read_in_either_order():
    query = read_name("Smith John")
    assert (phonetic_key("Smith"), phonetic_key("John")) in query.key_pairs
    assert (phonetic_key("John"), phonetic_key("Smith")) in query.key_pairs
    assert read_name("Smith, John").key_pairs == query.key_pairs


# --- by name ---------------------------------------------------------------------------------


def test_it_finds_a_person_by_a_misspelt_name(social_worker):
    person(social_worker, "Mohammed", "Thompson")
    assert names(find_people(text="Muhammad Thomson")) == ["Mohammed Thompson"]


def test_it_finds_a_person_whichever_order_the_names_are_typed(social_worker):
    person(social_worker, "John", "Smith")
    assert names(find_people(text="Smith John")) == ["John Smith"]
    assert names(find_people(text="smith, john")) == ["John Smith"]


def test_it_finds_everyone_with_a_surname_when_only_a_surname_is_typed(social_worker):
    person(social_worker, "John", "Smith")
    person(social_worker, "Ann", "Smyth")
    person(social_worker, "Ann", "Jones")
    assert names(find_people(text="Smith")) == ["John Smith", "Ann Smyth"]


def test_exact_matches_come_before_sound_alikes(social_worker):
    person(social_worker, "Jon", "Smyth")
    person(social_worker, "John", "Smith")
    person(social_worker, "Jonn", "Smithe")
    found = find_people(text="John Smith")
    assert names(found)[0] == "John Smith"
    assert found[0].match_exact and not found[1].match_exact


def test_it_finds_a_person_by_a_previous_name(social_worker):
    kim = person(social_worker, "Kim", "Walker")
    other_name_add(person=kim, by=social_worker, kind="previous", first_name="Kim", last_name="Hughes")
    found = find_people(text="Kim Hughs")
    assert names(found) == ["Kim Walker"]
    assert "Hughes" in found[0].matched_name


def test_a_double_barrelled_surname_is_found_typed_with_a_space(social_worker):
    person(social_worker, "Amy", "Smith-Jones")
    assert names(find_people(text="Amy Smith Jones")) == ["Amy Smith-Jones"]


# --- by date of birth, identifier and postcode -----------------------------------------------


def test_it_finds_people_born_on_a_date(social_worker):
    person(social_worker, "John", "Smith", date_of_birth=date(2015, 4, 1))
    person(social_worker, "Ann", "Jones", date_of_birth=date(2016, 4, 1))
    assert names(find_people(date_of_birth=date(2015, 4, 1))) == ["John Smith"]


def test_a_name_and_a_date_of_birth_must_both_match(social_worker):
    person(social_worker, "John", "Smith", date_of_birth=date(2015, 4, 1))
    person(social_worker, "John", "Smith", date_of_birth=date(2012, 1, 9))
    found = find_people(text="John Smith", date_of_birth=date(2012, 1, 9))
    assert [p.date_of_birth for p in found] == [date(2012, 1, 9)]


def test_a_year_of_birth_narrows_a_name_search(social_worker):
    person(social_worker, "John", "Smith", date_of_birth=date(2015, 4, 1))
    person(social_worker, "John", "Smith", date_of_birth=date(2012, 1, 9))
    found = find_people(text="John Smith", year_of_birth=2012)
    assert [p.date_of_birth for p in found] == [date(2012, 1, 9)]


def test_it_finds_an_unborn_child_by_expected_date_of_birth(social_worker):
    person_create(by=social_worker, person_type="unborn", expected_date_of_birth=date(2030, 1, 5))
    assert names(find_people(date_of_birth=date(2030, 1, 5))) == ["Unborn child"]


def test_it_finds_a_person_by_nhs_number_typed_with_spaces(social_worker):
    person(social_worker, nhs_number=NHS_NUMBER)
    assert names(find_people(identifier="943 476 5919")) == ["John Smith"]
    assert names(find_people(text="943-476-5919")) == ["John Smith"]


def test_it_finds_a_person_by_upn_or_former_upn(social_worker):
    person(social_worker, "John", "Smith", upn=UPN)
    person(social_worker, "Ann", "Jones", former_upn=FORMER_UPN)
    assert names(find_people(identifier=UPN.lower())) == ["John Smith"]
    assert names(find_people(identifier=FORMER_UPN)) == ["Ann Jones"]


def test_it_finds_a_person_by_hearth_id_with_or_without_leading_zeros(social_worker):
    john = person(social_worker)
    assert names(find_people(identifier=john.reference)) == ["John Smith"]
    assert names(find_people(identifier=str(john.pk))) == ["John Smith"]


@pytest.mark.parametrize("typed", ["LS6 2AB", "ls62ab", " Ls6  2ab "])
def test_it_finds_a_person_by_postcode_in_any_case_or_spacing(social_worker, typed):
    john = person(social_worker)
    address_add(
        person=john, by=social_worker, line_1="1 High Street", postcode="LS6 2AB", start_date=date(2020, 1, 1)
    )
    person(social_worker, "Ann", "Jones")
    found = find_people(postcode=typed)
    assert names(found) == ["John Smith"]
    assert found[0].current_address.postcode == "LS6 2AB"


def test_it_finds_a_person_by_a_past_address_and_by_outward_code(social_worker):
    john = person(social_worker)
    address_add(
        person=john, by=social_worker, line_1="1 Old Road", postcode="LS6 2AB", start_date=date(2019, 1, 1)
    )
    address_add(
        person=john, by=social_worker, line_1="2 New Road", postcode="M1 1AA", start_date=date(2021, 1, 1)
    )
    assert names(find_people(postcode="LS6 2AB")) == ["John Smith"]
    assert names(find_people(postcode="LS6")) == ["John Smith"]
    assert find_people(postcode="LS6")[0].current_address.postcode == "M1 1AA"


def test_an_empty_search_finds_no_one(social_worker):
    person(social_worker)
    assert find_people() == []
    assert find_people(text="   ") == []


# --- merged records and cost ------------------------------------------------------------------


def test_merged_records_are_left_out(social_worker, team_manager):
    keep = person(social_worker, "John", "Smith", nhs_number=NHS_NUMBER)
    duplicate = person(social_worker, "Jon", "Smith")
    person_merge(keep=keep, merge=duplicate, by=team_manager, reason="Same child, same school")
    assert [p.pk for p in find_people(text="John Smith")] == [keep.pk]
    assert find_people(identifier=duplicate.reference) == []


def _search_everything():
    return find_people(text="John Smith", year_of_birth=2015, identifier=None, postcode="LS6 2AB")


@pytest.mark.parametrize("how_many", [1, 30])
def test_a_search_takes_the_same_few_queries_however_many_match(
    social_worker, django_assert_max_num_queries, how_many
):
    for _ in range(how_many):
        someone = person(social_worker)
        address_add(
            person=someone,
            by=social_worker,
            line_1="1 High St",
            postcode="LS6 2AB",
            start_date=date(2020, 1, 1),
        )
        other_name_add(person=someone, by=social_worker, kind="alias", first_name="Johnny", last_name="Smith")
    with django_assert_max_num_queries(4):
        assert len(_search_everything()) == how_many
    with django_assert_max_num_queries(4):
        assert len(find_people(text="Smith John")) == how_many
