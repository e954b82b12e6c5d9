"""The read model of the clocks running on each child's case (``DueWork``), and what keeps it
true.

The clock providers (``@clock_provider``) say which clocks run and when each falls due, from the
records alone. They are run here, for the children whose records changed, and their answers
stored; the worktray reads the stored rows for every child in view in one query.

What keeps the rows true:
- a saved or deleted record of any kind a clock reads (``WATCHED``) marks its child stale, in
  the same transaction as the change;
- the children's latest visits, recomputed by the case note services, mark them stale
  (``visits_changed``); so does a merge or unmerge, for both people;
- a changed timescale marks every child with a running clock stale;
- the worktray works out the stale children in view again before reading
  (``due_work_for``), so a page never shows a clock from before a change.

A stale mark is taken away before the clocks are worked out, never after: a change committed
while they are being worked out marks the child stale again, and the next read catches it.
"""

from collections.abc import Iterable

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete

from hearth.people.models import Person
from hearth.worktray.models import DueWork, DueWorkStale
from hearth.worktray.providers import CLOCK_PROVIDERS, CaseChild, Scope, Task

# Children worked out together: each provider is one query for all of them.
REFRESH_CHUNK = 500

# Every kind of record a clock provider reads, with the way from it to its child. A provider
# that reads a new kind of record adds it here, or its clocks go stale.
WATCHED: dict[str, str] = {
    "childinneed.Referral": "child",
    "childinneed.CINPlan": "referral__child",
    "childinneed.CINPlanReview": "plan__referral__child",
    "assessment.Assessment": "referral__child",
    "childprotection.StrategyDiscussion": "referral__child",
    "childprotection.Section47": "referral__child",
    "childprotection.Conference": "referral__child",
    "childprotection.ChildProtectionPlan": "referral__child",
    "childprotection.CoreGroup": "plan__referral__child",
    "childrenincare.PeriodOfCare": "child",
    "childrenincare.Placement": "period__child",
    "childrenincare.LegalStatus": "period__child",
    "childrenincare.CareReview": "period__child",
    "health.HealthEvent": "child",
    "education.PersonalEducationPlan": "child",
    "permanence.Adoption": "child",
    # The child's date of birth starts the health and education clocks.
    "people.Person": "",
}


def _child_of(instance, path: str) -> int | None:
    if not path:
        return instance.pk
    first, _, rest = path.partition("__")
    related_id = getattr(instance, f"{first}_id")
    if not rest or related_id is None:
        return related_id
    field = instance._meta.get_field(first)
    if field.is_cached(instance):
        # The service saving the record usually holds its parent already: no query to ask.
        return _child_of(getattr(instance, first), rest)
    return field.related_model._base_manager.filter(pk=related_id).values_list(rest, flat=True).first()


def due_work_mark_stale(child_ids: Iterable[int]) -> None:
    """Mark the children's clocks to be worked out again before they are next read."""
    marks = [DueWorkStale(child_id=child_id) for child_id in set(child_ids) if child_id is not None]
    DueWorkStale.objects.bulk_create(marks, batch_size=1000, ignore_conflicts=True)


def due_work_mark_all_stale() -> None:
    """Every child with a running clock: a timescale's length changed, so every due date may."""
    due_work_mark_stale(DueWork.objects.values_list("child_id", flat=True).distinct())


def _record_saved(sender, instance, raw=False, created=False, **kwargs) -> None:
    if raw or (created and sender is Person):
        # A fixture being loaded, or a person just added: nothing has a clock on them yet.
        return
    due_work_mark_stale([_child_of(instance, WATCHED[sender._meta.label])])


def _record_deleted(sender, instance, **kwargs) -> None:
    if sender is Person:
        # A person deleted has no clocks left to work out (and a mark would outlive them).
        return
    due_work_mark_stale([_child_of(instance, WATCHED[sender._meta.label])])


def _timescale_changed(sender, **kwargs) -> None:
    due_work_mark_all_stale()


def _visits_changed(sender, child_ids, **kwargs) -> None:
    due_work_mark_stale(child_ids)


def due_work_connect() -> None:
    """Connect the marks to the records they watch (``WorktrayConfig.ready``)."""
    from hearth.casenotes.signals import visits_changed
    from hearth.people.merge import merge_refresh_register

    for label in WATCHED:
        model = apps.get_model(label)
        post_save.connect(_record_saved, sender=model, dispatch_uid=f"due_work_saved_{label}")
        # Before the delete, while the way to the child is still there to follow.
        pre_delete.connect(_record_deleted, sender=model, dispatch_uid=f"due_work_deleted_{label}")
    timescale = apps.get_model("timescales.Timescale")
    post_save.connect(_timescale_changed, sender=timescale, dispatch_uid="due_work_timescale_saved")
    post_delete.connect(_timescale_changed, sender=timescale, dispatch_uid="due_work_timescale_deleted")
    visits_changed.connect(_visits_changed, dispatch_uid="due_work_visits_changed")
    merge_refresh_register(due_work_mark_stale)


def _clocks_of(child_ids: list[int]) -> list[Task]:
    # The providers name the child and the worker from the scope; the stored rows need neither.
    scope = Scope(user=None, today=None, children={pk: CaseChild(pk, "", 0, "") for pk in child_ids})
    tasks: list[Task] = []
    for provider in CLOCK_PROVIDERS:
        tasks.extend(provider(scope))
    return tasks


@transaction.atomic(savepoint=False)
def due_work_refresh(child_ids: Iterable[int]) -> int:
    """Work the children's clocks out again from their records and store them; returns how many
    children. Their stale marks are taken first, skipping any another refresh holds."""
    ids = sorted(set(child_ids))
    done = 0
    for start in range(0, len(ids), REFRESH_CHUNK):
        chunk = ids[start : start + REFRESH_CHUNK]
        claimed = list(
            DueWorkStale.objects.select_for_update(skip_locked=True)
            .filter(child_id__any_of=chunk)
            .values_list("child_id", flat=True)
        )
        DueWorkStale.objects.filter(child_id__in=claimed).delete()
        # Marks another refresh holds are its to work out; a child never marked (a full
        # rebuild) is worked out all the same.
        held = DueWorkStale.objects.filter(child_id__any_of=chunk).values_list("child_id", flat=True)
        chunk = sorted(set(chunk) - set(held))
        DueWork.objects.filter(child_id__any_of=chunk).delete()
        DueWork.objects.bulk_create(
            [
                DueWork(
                    child_id=task.child_id,
                    kind=task.kind,
                    title=task.title,
                    due=task.due,
                    href=str(task.href),
                )
                for task in _clocks_of(chunk)
            ],
            batch_size=1000,
        )
        done += len(chunk)
    return done


def due_work_refresh_stale(child_ids: Iterable[int] | None = None) -> int:
    """Work out again the stale children among ``child_ids`` (every stale child with None)."""
    stale = DueWorkStale.objects.all()
    if child_ids is not None:
        stale = stale.filter(child_id__any_of=list(child_ids))
    found = list(stale.values_list("child_id", flat=True))
    return due_work_refresh(found) if found else 0


def due_work_for(scope: Scope) -> list[Task]:
    """The running clocks of the children in view, each as a task for the child's worker: one
    query, and the stale children worked out again first."""
    due_work_refresh_stale(scope.child_ids)
    rows = DueWork.objects.filter(child_id__any_of=scope.child_ids).values_list(
        "child_id", "kind", "title", "due", "href"
    )
    tasks = []
    for child_id, kind, title, due, href in rows:
        child = scope.children[child_id]
        tasks.append(Task(title, due, href, child.name, kind, child_id, child.worker_id, child.worker_name))
    return tasks


def _as_rows(tasks: Iterable[Task]) -> list[tuple]:
    return sorted((task.child_id, task.kind, task.title, task.due, str(task.href)) for task in tasks)


def due_work_differences(child_ids: Iterable[int]) -> list[tuple[str, tuple]]:
    """Where the stored clocks of the children differ from their records worked out afresh:
    ("stored", row) for a row only stored, ("records", row) for one only worked out. Empty when
    the read model is true. Stale children are worked out first, as a worktray would."""
    ids = sorted(set(child_ids))
    due_work_refresh_stale(ids)
    differences: list[tuple[str, tuple]] = []
    for start in range(0, len(ids), REFRESH_CHUNK):
        chunk = ids[start : start + REFRESH_CHUNK]
        stored = sorted(
            DueWork.objects.filter(child_id__any_of=chunk).values_list(
                "child_id", "kind", "title", "due", "href"
            )
        )
        afresh = _as_rows(_clocks_of(chunk))
        differences += [("stored", row) for row in stored if row not in afresh]
        differences += [("records", row) for row in afresh if row not in stored]
    return differences
