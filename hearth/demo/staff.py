"""Demo staff: one named sign-in per role (printed by ``make demo``) plus colleagues."""

import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from hearth.accounts.models import User
from hearth.accounts.roles import Role
from hearth.accounts.services import role_groups_ensure

DEMO_PASSWORD = "hearth-demo-2026"

FIRST_NAMES = [
    "Amira",
    "Ben",
    "Chloe",
    "Daniel",
    "Esther",
    "Farah",
    "Grace",
    "Harpreet",
    "Imran",
    "Jade",
    "Kofi",
    "Leah",
    "Mohammed",
    "Nadia",
    "Owen",
    "Priya",
    "Rhys",
    "Sadia",
    "Tom",
    "Usman",
    "Vanessa",
    "Winston",
    "Yasmin",
    "Zainab",
]
LAST_NAMES = [
    "Ahmed",
    "Begum",
    "Campbell",
    "Davies",
    "Edwards",
    "Fletcher",
    "Green",
    "Hussain",
    "Iqbal",
    "Johnson",
    "Khan",
    "Lewis",
    "Mahmood",
    "Nowak",
    "O'Brien",
    "Patel",
    "Quinn",
    "Rahman",
    "Singh",
    "Thompson",
    "Walker",
    "Williams",
    "Young",
]

# The sign-in printed for each role when the demo starts.
SIGN_IN_FOR_ROLE: dict[str, str] = {
    Role.FRONT_DOOR: "frontdoor",
    Role.SOCIAL_WORKER: "socialworker",
    Role.TEAM_MANAGER: "teammanager",
    Role.CP_CHAIR_IRO: "iro",
    Role.FOSTERING_ADOPTION: "fostering",
    Role.PLACEMENTS: "placements",
    Role.LADO: "lado",
    Role.COMPLAINTS: "complaints",
    Role.YOUTH_OFFENDING: "yot",
    Role.PERFORMANCE: "analyst",
    Role.ADMINISTRATOR: "admin",
}


@dataclass(frozen=True)
class DemoSignIn:
    role_label: str
    username: str
    full_name: str


def create_demo_staff(rng: random.Random, staff_per_role: int) -> list[User]:
    groups = role_groups_ensure()
    # Hash once: every demo sign-in shares the password, and hashing is deliberately slow.
    password_hash = make_password(DEMO_PASSWORD)
    users = []
    for role in Role:
        for index in range(staff_per_role):
            username = SIGN_IN_FOR_ROLE[role] if index == 0 else f"{SIGN_IN_FOR_ROLE[role]}{index + 1}"
            user = User(
                username=username,
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                job_title=role.label,
                is_staff=role == Role.ADMINISTRATOR,
                is_superuser=role == Role.ADMINISTRATOR,
            )
            user.password = password_hash
            user.save()
            user.groups.add(groups[role.value])
            users.append(user)
    return users


def demo_sign_ins() -> list[DemoSignIn]:
    users = {u.username: u for u in User.objects.filter(username__in=SIGN_IN_FOR_ROLE.values())}
    return [
        DemoSignIn(role.label, username, users[username].get_full_name())
        for role, username in ((Role(code), name) for code, name in SIGN_IN_FOR_ROLE.items())
        if username in users
    ]
