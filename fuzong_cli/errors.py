"""The one exception type users see: a Chinese message and an exit code."""

from __future__ import annotations


class FuzongError(Exception):
    """An error the user can fix. ``message`` is one or two lines of plain Chinese.

    Exit codes follow SPEC §1: 2 = could not run (bad file, missing column, bad policy, output exists).
    """

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return self.message
