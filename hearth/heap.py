"""The worker process's heap, settled once the application has loaded.

Everything imported and built at start-up (models, URL patterns, templates, code tables) lives
as long as the process. Python's cyclic garbage collector would otherwise walk all of it on every
full collection, and whichever request happens to trigger one pauses for it: the slowest
requests of a worker are those. ``gc.freeze`` moves what exists now out of the collector's
sight, so a collection only walks what requests have made since.
"""

import gc


def settle() -> None:
    gc.collect()
    gc.freeze()
