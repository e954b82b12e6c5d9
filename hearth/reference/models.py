from django.db import models


class Code(models.Model):
    """One value of a statutory code list, e.g. ethnicity WBRI, with when it may be used."""

    code_list = models.CharField(max_length=40, db_index=True)
    code = models.CharField(max_length=20)
    label = models.CharField(max_length=200)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True, help_text="Last date the code may be used.")
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["code_list", "sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["code_list", "code"], name="unique_code_in_list")]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class CodeList(models.Model):
    name = models.CharField(max_length=40, unique=True)
    title = models.CharField(max_length=200)
    source = models.TextField(help_text="The specification or guidance the list comes from.")

    def __str__(self) -> str:
        return self.title
