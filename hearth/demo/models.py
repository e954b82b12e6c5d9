from django.db import models


class DemoRun(models.Model):
    """Marks a database as holding a generated demo authority, so a rerun can reuse it."""

    scale = models.CharField(max_length=20)
    seed = models.PositiveIntegerField()
    generator_version = models.PositiveIntegerField()
    reference_date = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    seconds_taken = models.FloatField(default=0)

    def __str__(self) -> str:
        return f"{self.scale} demo (seed {self.seed}, v{self.generator_version})"
