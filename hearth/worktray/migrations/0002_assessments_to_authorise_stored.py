from django.db import migrations


def mark_open_cases_stale(apps, schema_editor):
    """Assessments to authorise are now stored with the clocks: every child with an open case
    has theirs worked out again the next time a worktray shows them."""
    alias = schema_editor.connection.alias
    Referral = apps.get_model("childinneed", "Referral")
    PeriodOfCare = apps.get_model("childrenincare", "PeriodOfCare")
    DueWorkStale = apps.get_model("worktray", "DueWorkStale")
    children = set(
        Referral.objects.using(alias).filter(closure_date__isnull=True).values_list("child_id", flat=True)
    )
    children |= set(
        PeriodOfCare.objects.using(alias).filter(end_date__isnull=True).values_list("child_id", flat=True)
    )
    DueWorkStale.objects.using(alias).bulk_create(
        [DueWorkStale(child_id=pk) for pk in sorted(children)], batch_size=1000, ignore_conflicts=True
    )


class Migration(migrations.Migration):
    dependencies = [("worktray", "0001_initial")]

    operations = [migrations.RunPython(mark_open_cases_stale, migrations.RunPython.noop, elidable=True)]
