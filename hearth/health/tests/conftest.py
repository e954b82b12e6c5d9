from hearth.health.tests.fixtures import *  # noqa: F403
