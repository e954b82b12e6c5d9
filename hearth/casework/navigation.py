"""The service navigation: each section says which roles see it.

Sections are added here as the parts of the service arrive; a worker only sees the sections
their roles can open, so the header never offers a link that would end in a 403.
"""

from dataclasses import dataclass

from django.urls import reverse

from hearth.accounts.roles import ALL_ROLES, CASEWORK_ROLES, Role


@dataclass(frozen=True)
class Section:
    label: str
    url_name: str
    roles: frozenset[str]
    # URL prefix that marks the section as current.
    prefix: str


SECTIONS: tuple[Section, ...] = (
    Section("Worktray", "worktray:home", ALL_ROLES, "/"),
    Section("Find a person", "people:search", CASEWORK_ROLES | {Role.PERFORMANCE}, "/people/"),
    Section(
        "Front door",
        "frontdoor:queue",
        frozenset({Role.FRONT_DOOR, Role.SOCIAL_WORKER, Role.TEAM_MANAGER}),
        "/front-door/",
    ),
    Section(
        "Adopters",
        "adopters:list",
        frozenset({Role.FOSTERING_ADOPTION, Role.TEAM_MANAGER, Role.SOCIAL_WORKER, Role.PERFORMANCE}),
        "/adopters/",
    ),
    Section("Timescales", "timescales:list", ALL_ROLES, "/timescales/"),
    Section("Organisation", "organisation:index", ALL_ROLES, "/organisation/"),
    Section("Returns", "returns:index", frozenset({Role.PERFORMANCE, Role.ADMINISTRATOR}), "/returns/"),
)


def sections_for(user, path: str) -> list[dict]:
    if not user.is_authenticated:
        return []
    items = []
    for section in SECTIONS:
        if not user.has_role(*section.roles):
            continue
        href = reverse(section.url_name)
        current = path == href if section.prefix == "/" else path.startswith(section.prefix)
        items.append({"label": section.label, "href": href, "current": current})
    return items
