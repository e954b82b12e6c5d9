from django.db import migrations, models

LONG_TERM = models.BooleanField(
    default=False,
    help_text="Long-term placement: U1 and U4 always are; set it for any other placement intended to last to 18.",
    verbose_name="intended to last until the child is 18",
)
REG_24 = models.BooleanField(
    default=False, verbose_name="temporary approval of a connected person (regulation 24)"
)


class Migration(migrations.Migration):
    dependencies = [
        ("childrenincare", "0002_timeline_constraints"),
    ]

    operations = [
        migrations.AddField(model_name="placement", name="long_term", field=LONG_TERM),
        migrations.AddField(model_name="placement", name="reg_24_temporary", field=REG_24),
        migrations.AddField(model_name="historicalplacement", name="long_term", field=LONG_TERM),
        migrations.AddField(model_name="historicalplacement", name="reg_24_temporary", field=REG_24),
    ]
