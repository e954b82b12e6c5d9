"""Checks on the national identifiers a person record carries.

- NHS number: ten digits, the last a modulus 11 check digit (NHS Data Dictionary).
- Unique pupil number: a check letter then 12 characters (DfE "Unique pupil numbers (UPNs)"
  guidance): digits 2-4 the LA code, 5-6 the year, and the check letter computed by weighting
  characters 2-13 by 2 to 13, summing, taking modulus 23 and indexing the letters
  A-H, J-N, P-R, T-Z. A temporary UPN ends in a letter instead of its last digit.
"""

import re

from django.core.exceptions import ValidationError

UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # 23 letters: no I, O or S
_UPN_SHAPE = re.compile(r"^[A-HJ-NP-RT-Z](\d{12}|\d{11}[A-HJ-NP-RT-Z])$")


def normalise_nhs_number(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "")


def nhs_number_check_digit(first_nine: str) -> int | None:
    """The check digit for nine digits, or None when no valid NHS number can have them."""
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def validate_nhs_number(value: str) -> None:
    digits = normalise_nhs_number(value)
    if not re.fullmatch(r"\d{10}", digits):
        raise ValidationError("Enter an NHS number of 10 digits, like 943 476 5919", code="nhs_shape")
    if nhs_number_check_digit(digits[:9]) != int(digits[9]):
        raise ValidationError(
            "Enter a valid NHS number: this one fails its check digit, so a digit is probably wrong",
            code="nhs_check",
        )


def upn_check_letter(body: str) -> str:
    """The check letter for the 12 characters after it."""
    total = 0
    for weight, char in enumerate(body, start=2):
        value = int(char) if char.isdigit() else UPN_LETTERS.index(char)
        total += value * weight
    return UPN_LETTERS[total % 23]


def validate_upn(value: str) -> None:
    upn = (value or "").strip().upper()
    if not _UPN_SHAPE.fullmatch(upn):
        raise ValidationError(
            "Enter a unique pupil number of a letter followed by 12 characters, like A123456789012",
            code="upn_shape",
        )
    if upn_check_letter(upn[1:]) != upn[0]:
        raise ValidationError(
            "Enter a valid unique pupil number: its check letter does not match, so a character is probably wrong",
            code="upn_check",
        )
