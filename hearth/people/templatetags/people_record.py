"""Filters for showing a person's details as a worker reads them."""

from django import template

from hearth.people.services import describe_value

register = template.Library()


@register.filter
def described(value, field_name: str) -> str:
    """A field's value in words: code labels, Yes/No, dates, "Not recorded"."""
    return describe_value(field_name, value)


@register.filter
def nhs_spaced(value: str) -> str:
    """943 476 5919, the way the NHS prints it."""
    if value and len(value) == 10:
        return f"{value[:3]} {value[3:6]} {value[6:]}"
    return value or ""
