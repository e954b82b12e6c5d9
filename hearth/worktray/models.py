from django.db import models


class DueWork(models.Model):
    """A clock running on a child's case and the day it falls due, derived from the case
    records and never typed (``hearth.worktray.due_work``).

    A manager's worktray covers a few hundred children; working out each clock from the
    records on every visit cost more than the page's whole budget. These rows are worked out
    once per change instead: a change to any record a clock reads marks the child stale
    (``DueWorkStale``), and the worktray works the stale children in view out again before it
    reads. Only clocks that depend on the records alone live here; those that move with the
    calendar (a care leaver's birthday window, recent missing episodes) are worked out live.
    """

    stays_with_merged_record = True

    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    due = models.DateField()
    href = models.CharField(max_length=200)

    def __str__(self) -> str:
        return f"{self.title} by {self.due:%d %b %Y}"


class DueWorkStale(models.Model):
    """A child whose ``DueWork`` rows must be worked out again before anyone reads them."""

    stays_with_merged_record = True

    child = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"Clocks to work out again for person {self.child_id}"
