from datetime import date

from hearth.reference.code_lists import ListSpec
from hearth.reference.models import Code
from hearth.reference.selectors import code_choices, code_label, is_valid_code
from hearth.reference.services import code_lists_load


def test_the_dfe_ethnicity_codes_are_loaded_after_migrate(db):
    assert is_valid_code("ethnicity", "WBRI")
    assert code_label("ethnicity", "BAFR") == "Black African"
    assert not is_valid_code("ethnicity", "XXXX")


def test_loading_twice_changes_nothing(db):
    assert code_lists_load() == 0


def test_a_withdrawn_code_stays_readable_but_is_not_offered(db):
    spec = ListSpec("test_list", "Test", "test", [("A", "Alpha"), ("B", "Beta")], {"B": date(2025, 3, 31)})
    code_lists_load([spec])
    assert code_choices("test_list") == [("A", "Alpha")]
    assert is_valid_code("test_list", "B", on=date(2024, 6, 1))
    assert not is_valid_code("test_list", "B")
    assert code_label("test_list", "B") == "Beta"
    assert Code.objects.filter(code_list="test_list").count() == 2


def test_a_code_changed_or_removed_after_the_list_was_read_is_seen_at_once(db):
    assert is_valid_code("sex", "M")  # the list is now cached in this process
    code = Code.objects.get(code_list="sex", code="M")
    code.label = "Male (changed)"
    code.valid_to = date(2020, 1, 1)
    code.save()
    assert code_label("sex", "M") == "Male (changed)"
    assert not is_valid_code("sex", "M")
    code.delete()
    assert code_label("sex", "M") == "M"


def test_a_code_added_after_the_list_was_read_is_valid_at_once(db):
    assert not is_valid_code("sex", "X")
    Code.objects.create(code_list="sex", code="X", label="Test only")
    assert is_valid_code("sex", "X")
