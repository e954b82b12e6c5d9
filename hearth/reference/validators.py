from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

from hearth.reference.selectors import is_valid_code


@deconstructible
class InCodeList:
    """Model-field validator: the value must be a current code of the named list."""

    def __init__(self, code_list: str):
        self.code_list = code_list

    def __call__(self, value: str) -> None:
        if value and not is_valid_code(self.code_list, value):
            raise ValidationError(
                "%(value)s is not a valid %(list)s code.",
                code="invalid_code",
                params={"value": value, "list": self.code_list.replace("_", " ")},
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, InCodeList) and other.code_list == self.code_list
