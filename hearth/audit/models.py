"""The access log and restricted-record permissions.

Change history (who changed what) is kept by django-simple-history on each model; this app
keeps the other two trails: every read of a person's record, and who may open a restricted one.
"""

from django.conf import settings
from django.db import models

from hearth.common_models import HeldRelationsClean
from hearth.history import HistoricalRecords


class AccessLogChangeRefused(PermissionError):
    """Raised by any attempt to change or remove an access-log entry through the application."""


class AppendOnlyQuerySet(models.QuerySet):
    """Rows may be added and read; ``update`` and ``delete`` (and so ``bulk_update``) refuse."""

    def update(self, **kwargs):
        raise AccessLogChangeRefused("The access log cannot be changed.")

    def delete(self):
        raise AccessLogChangeRefused("The access log cannot be deleted through the application.")


class AccessLogEntry(models.Model):
    """One view of one page of a person's record. Written once, never changed."""

    # A merge leaves these on the record that was viewed: the log says what happened then.
    stays_with_merged_record = True

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="access_log")
    page = models.CharField(max_length=100)
    path = models.CharField(max_length=500)
    viewed_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Filled when a restricted record was opened by someone not named on it.
    override_reason = models.TextField(blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-viewed_at", "-pk"]
        indexes = [models.Index(fields=["person", "-viewed_at"])]
        verbose_name_plural = "access log entries"

    def __str__(self) -> str:
        return f"{self.user} viewed {self.page} of person {self.person_id} at {self.viewed_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        # Only the first save (the insert) is allowed; whatever is on the row stays there.
        if not self._state.adding:
            raise AccessLogChangeRefused("The access log cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AccessLogChangeRefused("The access log cannot be deleted through the application.")


class RestrictedRecordGrant(HeldRelationsClean, models.Model):
    """A named user who may open a restricted person's record."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="access_grants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)
    # Who named and who removed each user, and when, is kept here.
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "user"], name="one_grant_per_user")]

    def __str__(self) -> str:
        return f"{self.user} may open person {self.person_id}"


class RestrictedAccessOverride(HeldRelationsClean, models.Model):
    """Someone not named on a restricted record opened it, giving a reason.

    Each one is flagged to a manager, who reviews it; until then ``reviewed_at`` is empty.
    """

    stays_with_merged_record = True

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="restricted_access_overrides"
    )
    reason = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["reviewed_at", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.user} opened restricted person {self.person_id} at {self.created_at:%Y-%m-%d %H:%M}"
