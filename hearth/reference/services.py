from hearth.reference import selectors
from hearth.reference.code_lists import CODE_LISTS
from hearth.reference.models import Code, CodeList
from hearth.transactions import atomic_action


@atomic_action
def code_lists_load(lists=CODE_LISTS) -> int:
    """Bring the code tables in line with ``code_lists.py``; returns how many codes changed.

    Idempotent: codes are matched on (list, code) and updated in place. Codes that are no
    longer listed are kept (old records use them) but closed with their withdrawal date.
    """
    changed = 0
    for spec in lists:
        CodeList.objects.update_or_create(
            name=spec.name, defaults={"title": spec.title, "source": spec.source}
        )
        existing = {c.code: c for c in Code.objects.filter(code_list=spec.name)}
        for order, (code, label) in enumerate(spec.codes):
            valid_to = spec.withdrawn.get(code)
            current = existing.get(code)
            if current is None:
                Code.objects.create(
                    code_list=spec.name, code=code, label=label, sort_order=order, valid_to=valid_to
                )
                changed += 1
            elif (current.label, current.sort_order, current.valid_to) != (label, order, valid_to):
                current.label, current.sort_order, current.valid_to = label, order, valid_to
                current.save(update_fields=["label", "sort_order", "valid_to"])
                changed += 1
    selectors.clear_cache()
    return changed
