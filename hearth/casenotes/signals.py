from django.dispatch import Signal

# Sent with ``child_ids`` once the children's latest visits have been worked out again, in the
# same transaction: read models built on the visits (the worktray's clocks) mark them stale.
visits_changed = Signal()
