"""Errors a user action reports back to the screen it came from."""

from __future__ import annotations


class ValidationError(Exception):
    """A user action was refused: nothing was written.

    ``errors`` maps a field name (the attribute of the input, e.g.
    ``"end_time"``) to the Japanese message to show at that field.  A check
    that concerns no single input field uses the name of the record's id
    (``"case_id"``, ``"referral_id"``).
    """

    def __init__(self, errors: dict[str, str]) -> None:
        if not errors:
            raise ValueError("ValidationError needs at least one error")
        self.errors: dict[str, str] = dict(errors)
        super().__init__(" ".join(f"{field}: {message}" for field, message in self.errors.items()))
