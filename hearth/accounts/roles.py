"""The roles of the people who use Hearth, from the product brief's table of users.

A role is a Django group whose name is the role's code, so administrators assign roles in the
admin and the same check works in views and templates. A person may hold several roles (a team
manager who also chairs conferences, say).
"""

from django.db import models


class Role(models.TextChoices):
    FRONT_DOOR = "front_door", "Front-door (MASH) worker"
    SOCIAL_WORKER = "social_worker", "Social worker"
    TEAM_MANAGER = "team_manager", "Team manager"
    CP_CHAIR_IRO = "cp_chair_iro", "Child protection chair / IRO"
    FOSTERING_ADOPTION = "fostering_adoption", "Fostering and adoption worker"
    PLACEMENTS = "placements", "Placements officer"
    LADO = "lado", "LADO"
    COMPLAINTS = "complaints", "Complaints officer"
    YOUTH_OFFENDING = "youth_offending", "Youth offending worker"
    PERFORMANCE = "performance", "Performance analyst"
    ADMINISTRATOR = "administrator", "System administrator"


ALL_ROLES: frozenset[str] = frozenset(Role.values)

# Roles whose work is with children's case records day to day.
CASEWORK_ROLES: frozenset[str] = frozenset(
    {
        Role.FRONT_DOOR,
        Role.SOCIAL_WORKER,
        Role.TEAM_MANAGER,
        Role.CP_CHAIR_IRO,
        Role.FOSTERING_ADOPTION,
        Role.PLACEMENTS,
        Role.LADO,
        Role.COMPLAINTS,
        Role.YOUTH_OFFENDING,
    }
)
