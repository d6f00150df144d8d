"""Whether worker processes may be forked from this one."""

from __future__ import annotations

import sys
import threading


def fork_is_safe() -> bool:
    """On Linux, while this process runs no other thread: forked workers then start at
    once with the tool already imported."""
    return sys.platform == "linux" and threading.active_count() == 1
