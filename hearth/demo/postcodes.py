"""Real Birmingham postcodes (E08000025) for the demo's homes and placements.

DfE's SSDA903 rules look every HOME_POST and PL_POST up in the ONS postcode directory (rules
169, 179, 392a-c), so made-up postcodes fail them. The generators keep drawing their random
numbers exactly as before and map what they drew onto this list, so the rest of the demo is
unchanged.
"""

import zlib

REAL_POSTCODES = (
    "B12 0UN", "B13 0DZ", "B13 0PY", "B13 0UZ", "B13 9DP", "B13 9HY", "B13 9LQ", "B13 9UZ",
    "B13 9ZE", "B14 5TP", "B14 6JU", "B15 2RH", "B15 3SY", "B16 0PY", "B16 6JL", "B16 8LU",
    "B17 9AN", "B18 4PT", "B18 7RB", "B19 3JF", "B2 2SS", "B21 9HG", "B23 5EN", "B24 0RZ",
    "B25 8BP", "B25 9GH", "B26 1DB", "B27 7TH", "B30 2QH", "B31 3PT", "B32 2EY", "B36 8LP",
    "B38 8ZE", "B42 9LQ", "B44 0AB", "B5 4EE", "B5 6AP", "B6 4NA",
)  # fmt: skip


def real_postcode(seed: str) -> str:
    """A real Birmingham postcode chosen by ``seed`` (the same seed, the same postcode)."""
    return REAL_POSTCODES[zlib.crc32(seed.encode()) % len(REAL_POSTCODES)]
