"""Reading the code lists. They change once a year, so each list is read once per process;
a saved or deleted ``Code`` clears the cache (see apps.py). A bulk ``update()`` sends no signal:
call ``clear_cache()`` after one."""

from datetime import date

from hearth.reference.models import Code

_cache: dict[str, list[Code]] = {}


def clear_cache() -> None:
    _cache.clear()


def codes(code_list: str) -> list[Code]:
    if code_list not in _cache:
        _cache[code_list] = list(Code.objects.filter(code_list=code_list))
    return _cache[code_list]


def _usable(code: Code, on: date | None) -> bool:
    if on is None:
        return code.valid_to is None
    return (code.valid_from is None or code.valid_from <= on) and (
        code.valid_to is None or on <= code.valid_to
    )


def code_choices(code_list: str, *, on: date | None = None) -> list[tuple[str, str]]:
    """(code, label) pairs usable on ``on`` (today's list when not given), for form fields."""
    return [(c.code, c.label) for c in codes(code_list) if _usable(c, on)]


def is_valid_code(code_list: str, value: str, *, on: date | None = None) -> bool:
    return any(c.code == value and _usable(c, on) for c in codes(code_list))


def code_label(code_list: str, value: str) -> str:
    for c in codes(code_list):
        if c.code == value:
            return c.label
    return value
