"""Reads for the UASC page: the status, and the day it ceases at 18. One query."""

from dataclasses import dataclass
from datetime import date

from hearth.childrenincare.models import UASCStatus
from hearth.people.models import Person
from hearth.uasc.services import eighteenth_birthday


@dataclass
class UASCSummary:
    status: UASCStatus | None
    ceases_at_18: date | None


def uasc_for_child(child: Person) -> UASCSummary:
    status = UASCStatus.objects.filter(child=child).first()
    ceases = eighteenth_birthday(child.date_of_birth) if child.date_of_birth else None
    return UASCSummary(status=status, ceases_at_18=ceases)


def uasc_rows_for_return(child_ids: list[int], year_end: date) -> list[dict[str, str]]:
    """SSDA903 UASC table rows: children who were UASC, with the date the status ceased (DUC):
    as recorded, or their 18th birthday if that fell on or before the year end."""
    rows = []
    for status in UASCStatus.objects.filter(child_id__in=child_ids, status_from__lte=year_end).select_related(
        "child"
    ):
        child = status.child
        ceased = status.status_ceased_on
        if ceased is None and child.date_of_birth and eighteenth_birthday(child.date_of_birth) <= year_end:
            ceased = eighteenth_birthday(child.date_of_birth)
        rows.append(
            {
                "CHILD": child.reference,
                "SEX": child.sex,
                "DOB": f"{child.date_of_birth:%d/%m/%Y}" if child.date_of_birth else "",
                "DUC": f"{ceased:%d/%m/%Y}" if ceased else "",
            }
        )
    return rows
