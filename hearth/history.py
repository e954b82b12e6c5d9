"""simple_history's ``HistoricalRecords``, with the history manager's class built once.

simple_history reads ``instance.history`` for every history row it writes, and each read
builds a new manager class (``Manager.from_queryset`` walks the queryset's methods with
``inspect``): about a tenth of a service's save. The class depends only on its arguments, so
it is built once per process. Models import ``HistoricalRecords`` from here.
"""

from simple_history.manager import HistoryManager
from simple_history.models import HistoricalRecords as _HistoricalRecords


class HistoryManagerBuiltOnce(HistoryManager):
    _built: dict = {}

    @classmethod
    def from_queryset(cls, queryset_class, class_name=None):
        key = (cls, queryset_class, class_name)
        if key not in cls._built:
            cls._built[key] = super().from_queryset(queryset_class, class_name)
        return cls._built[key]


class HistoricalRecords(_HistoricalRecords):
    def __init__(self, *args, history_manager=HistoryManagerBuiltOnce, **kwargs):
        super().__init__(*args, history_manager=history_manager, **kwargs)
