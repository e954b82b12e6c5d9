"""One transaction per action, and a cheaper way to run many actions that stand or fall together.

Every service is an ``@atomic_action``: on its own it is a transaction; called inside another
transaction it is a savepoint, so a caller that catches a refused action (an importer reporting
a bad row and moving on) keeps everything else it did. A batch that stops at its first error,
such as the demo generator, has nothing to keep: inside ``all_or_nothing()`` the services skip
their savepoints, two statements each, which at a large authority's size are millions of round
trips to the database. Any error still rolls the whole batch back.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import ParamSpec, TypeVar

from django.db import transaction

_savepoints = ContextVar("hearth_action_savepoints", default=True)

P = ParamSpec("P")
R = TypeVar("R")


def atomic_action(service: Callable[P, R]) -> Callable[P, R]:
    @wraps(service)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with transaction.atomic(savepoint=_savepoints.get()):
            return service(*args, **kwargs)

    return run


def savepoints_wanted() -> bool:
    """False inside ``all_or_nothing()``: for code outside a service that would otherwise open a
    savepoint of its own to survive a refused statement."""
    return _savepoints.get()


@contextmanager
def all_or_nothing() -> Iterator[None]:
    """One transaction for a whole batch of actions, without a savepoint per action."""
    token = _savepoints.set(False)
    try:
        with transaction.atomic():
            yield
    finally:
        _savepoints.reset(token)
