"""Create one group per role, named by the role's code (see hearth/accounts/roles.py)."""

from django.db import migrations

ROLE_CODES = [
    "front_door",
    "social_worker",
    "team_manager",
    "cp_chair_iro",
    "fostering_adoption",
    "placements",
    "lado",
    "complaints",
    "youth_offending",
    "performance",
    "administrator",
]


def create_role_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for code in ROLE_CODES:
        Group.objects.get_or_create(name=code)


def remove_role_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_CODES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_role_groups, remove_role_groups)]
