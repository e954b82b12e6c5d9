"""How big each demo authority is. ``birmingham`` follows the large-LA sizing table in
shared/docs/timescales.md section 12; ``small`` is about a twentieth of it."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    name: str
    years_of_history: int
    staff_per_role: int
    # Families of children with their parents, siblings and grandparents (about 5.5 people each).
    families: int = 0
    # Every registered social worker in the area teams has a sign-in (a large authority's
    # 1,200-2,000 named users), so caseloads spread over hundreds of workers.
    colleagues_sign_in: bool = False
    # The front door's flow in the most recent ``flow_years`` years: contacts a year, each planned
    # as a journey (several over the years for some children). Earlier years are thinner.
    contacts_per_year: int = 0
    flow_years: int = 0


SCALES: dict[str, Scale] = {
    "tiny": Scale("tiny", years_of_history=1, staff_per_role=1, families=12),
    "small": Scale("small", years_of_history=3, staff_per_role=2, families=800),
    "birmingham": Scale(
        "birmingham",
        years_of_history=10,
        staff_per_role=40,
        families=55000,
        colleagues_sign_in=True,
        contacts_per_year=50_000,
        flow_years=1,
    ),
}
