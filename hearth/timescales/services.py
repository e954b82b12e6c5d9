from hearth.timescales.models import Timescale
from hearth.timescales.table import TABLE, Clock
from hearth.transactions import atomic_action


@atomic_action
def timescales_load(table: list[Clock] = TABLE) -> int:
    """Bring the timescale table in line with ``table.py``, keeping local figures. Idempotent."""
    changed = 0
    existing = {row.key: row for row in Timescale.objects.all()}
    for clock in table:
        fields = {
            "name": clock.name,
            "anchor": clock.anchor,
            "amount": clock.amount,
            "unit": clock.unit,
            "force": clock.force,
            "source": clock.source,
            "repeats": clock.repeats,
        }
        row = existing.get(clock.key)
        if row is None:
            Timescale.objects.create(key=clock.key, **fields)
            changed += 1
        elif any(getattr(row, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(row, name, value)
            row.save(update_fields=list(fields))
            changed += 1
    return changed
