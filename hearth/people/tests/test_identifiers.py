import pytest
from django.core.exceptions import ValidationError

from hearth.people.identifiers import (
    nhs_number_check_digit,
    upn_check_letter,
    validate_nhs_number,
    validate_upn,
)


def test_a_real_shaped_nhs_number_with_the_right_check_digit_is_accepted():
    validate_nhs_number("9434765919")
    validate_nhs_number("943 476 5919")


def test_an_nhs_number_with_the_wrong_check_digit_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError, match="fails its check digit") as refused:
        validate_nhs_number("9434765918")
    assert refused.value.code == "nhs_check"


@pytest.mark.parametrize("value", ["943476591", "94347659190", "94347659A9", ""])
def test_an_nhs_number_of_the_wrong_length_or_with_letters_is_refused(value):
    with pytest.raises(ValidationError, match="10 digits") as refused:
        validate_nhs_number(value)
    assert refused.value.code == "nhs_shape"


def test_nine_digits_whose_check_would_be_ten_can_never_be_an_nhs_number():
    # 10 * 1 + 9 * 0 ... chosen so that 11 - total % 11 == 10.
    digits = next(
        f"{n:09d}" for n in range(1_000_000, 2_000_000) if nhs_number_check_digit(f"{n:09d}") is None
    )
    for last in "0123456789":
        with pytest.raises(ValidationError):
            validate_nhs_number(digits + last)


def test_a_upn_built_with_its_check_letter_is_accepted():
    body = "938201500123"
    validate_upn(upn_check_letter(body) + body)


def test_a_temporary_upn_ending_in_a_letter_is_accepted():
    body = "93820150012A"
    validate_upn(upn_check_letter(body) + body)


def test_a_upn_with_the_wrong_check_letter_is_refused():
    body = "938201500123"
    right = upn_check_letter(body)
    wrong = next(letter for letter in "ABCDEFGH" if letter != right)
    with pytest.raises(ValidationError, match="check letter does not match") as refused:
        validate_upn(wrong + body)
    assert refused.value.code == "upn_check"


@pytest.mark.parametrize(
    "value", ["A12345678901", "1123456789012", "I123456789012", "A12345678901BB", "A1234567890-2"]
)
def test_a_upn_of_the_wrong_shape_is_refused(value):
    with pytest.raises(ValidationError, match="a letter followed by 12 characters") as refused:
        validate_upn(value)
    assert refused.value.code == "upn_shape"
