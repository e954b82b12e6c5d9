"""Escaping for table rows written in Python rather than by a template loop.

Long tables (a child's chronology, search results) write their rows with ``str.format``: a
template loop over a few hundred rows cost more than the queries behind them. These helpers do
what the template would do to each value, so the rows come out the same.
"""

import html
from datetime import date
from functools import lru_cache

from django.template.defaultfilters import date as date_filter


def esc(value) -> str:
    """The template's autoescaping (Django's conditional_escape), without its lazy-string
    wrapper, which cost more than the escaping."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


@lru_cache(maxsize=8192)
def short_day(day: date, language: str | None) -> str:
    """``day`` as the templates show it ("4 Mar 2026"), escaped. Month names follow the
    language, so it is part of the cache key."""
    return esc(date_filter(day, "j M Y"))
