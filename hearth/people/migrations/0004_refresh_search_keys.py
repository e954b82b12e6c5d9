"""Recompute the phonetic search keys after the key rules changed (hearth.people.search).

Run again, as a new migration like this one, whenever ``phonetic_key`` changes: keys made by
the old rules would no longer meet keys made by the new ones.
"""

from django.db import migrations

BATCH = 2000


def refresh(apps, schema_editor):
    from hearth.people.search import name_keys

    for model_name in ("Person", "PersonName"):
        model = apps.get_model("people", model_name)
        changed = []
        for row in model.objects.only(
            "pk", "first_name", "last_name", "search_surname_key", "search_forename_key"
        ).iterator(chunk_size=BATCH):
            keys = name_keys(row.first_name, row.last_name)
            if keys != (row.search_surname_key, row.search_forename_key):
                row.search_surname_key, row.search_forename_key = keys
                changed.append(row)
            if len(changed) >= BATCH:
                model.objects.bulk_update(changed, ["search_surname_key", "search_forename_key"])
                changed = []
        model.objects.bulk_update(changed, ["search_surname_key", "search_forename_key"])


class Migration(migrations.Migration):
    dependencies = [("people", "0003_search_partial_indexes")]

    operations = [migrations.RunPython(refresh, migrations.RunPython.noop)]
