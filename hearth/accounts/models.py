from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A member of staff who signs in to Hearth. Roles are held as groups (see roles.py)."""

    job_title = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def role_codes(self) -> frozenset[str]:
        """The codes of the roles this user holds, read once per request."""
        cached = getattr(self, "_role_codes", None)
        if cached is None:
            cached = frozenset(self.groups.values_list("name", flat=True))
            self._role_codes = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_codes.intersection(roles))
