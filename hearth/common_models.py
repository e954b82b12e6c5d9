"""Fields every recorded event shares: who recorded it, when, and a version for safe editing."""

from django.conf import settings
from django.db import models


class Recorded(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Optimistic concurrency: services refuse a save whose expected version is out of date.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True
