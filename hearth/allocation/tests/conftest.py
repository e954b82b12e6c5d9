"""Fixtures shared by the journey apps."""

from hearth.childinneed.tests.fixtures import *  # noqa: F403
