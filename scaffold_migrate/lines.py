"""Line numbers between a file as read and as it is being rewritten."""

from __future__ import annotations

import difflib
from collections.abc import Callable


def first_difference(before: str, after: str) -> int:
    """The 1-based number of the first line where `after` differs from `before`."""
    before_lines, after_lines = before.splitlines(), after.splitlines()
    for number, (old, new) in enumerate(zip(before_lines, after_lines), 1):
        if old != new:
            return number
    return min(len(before_lines), len(after_lines)) + 1


def line_map(original: str, current: str) -> Callable[[int], int]:
    """Map 1-based lines of `current` back to the lines of `original` they came from."""
    opcodes = difflib.SequenceMatcher(None, original.splitlines(), current.splitlines(), autojunk=False).get_opcodes()

    def to_original(line: int) -> int:
        index = line - 1
        for tag, i1, i2, j1, j2 in opcodes:
            if j1 <= index < j2:
                offset = index - j1 if tag == "equal" else min(index - j1, max(i2 - i1 - 1, 0))
                return i1 + offset + 1
        return line

    return to_original
