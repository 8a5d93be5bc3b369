"""Record identifiers.

Every row gets a UUID so that two databases (an office server and a laptop
that was offline) can later be merged without clashes.  We use version 7
UUIDs: their leading 48 bits are a millisecond timestamp, so new rows land at
the end of the primary-key B-tree instead of at random places, which keeps
bulk inserts into a million-row table fast.
"""

from __future__ import annotations

import os
import time
import uuid

_NAMESPACE = uuid.UUID("5d0c6e1c-6f0b-4b8e-9d0e-2f3c4a5b6c7d")


def uuid7(ms: int | None = None) -> uuid.UUID:
    """A RFC 9562 version 7 UUID (time-ordered, 74 random bits)."""
    if ms is None:
        ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & 0xFFFF_FFFF_FFFF) << 80
    value |= 0x7 << 76  # version
    value |= ((rand >> 62) & 0xFFF) << 64  # rand_a, 12 bits
    value |= 0b10 << 62  # variant
    value |= rand & 0x3FFF_FFFF_FFFF_FFFF  # rand_b, 62 bits
    return uuid.UUID(int=value)


def stable_uuid(*parts: str) -> uuid.UUID:
    """A deterministic id for seeded rows (default code lists), so that every
    casedesk database gives the same default code the same id."""
    return uuid.uuid5(_NAMESPACE, "/".join(parts))
