"""--interactive in a real terminal: tmux runs the tool, the test presses keys."""

import os
import shlex
import shutil
import subprocess
import sys
import time

import pytest

from tests.test_review import LEGACY, ONLY_FIRST

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux (.ci/run installs it)")


class Terminal:
    def __init__(self, socket, command, cwd):
        self.base = ["tmux", "-L", socket]
        env = {**os.environ, "TERM": "xterm-256color"}
        env.pop("NO_COLOR", None)
        subprocess.run(
            [*self.base, "new-session", "-d", "-x", "160", "-y", "60", "-c", str(cwd), command],
            check=True,
            env=env,
        )

    def screen(self, escapes=False):
        args = ["capture-pane", "-p", "-S", "-200", *(["-e"] if escapes else [])]
        return subprocess.run([*self.base, *args], check=True, capture_output=True, text=True).stdout

    def wait_for(self, text, count=1, timeout=60):
        deadline = time.monotonic() + timeout
        while self.screen().count(text) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"no {text!r} on screen:\n{self.screen()}")
            time.sleep(0.1)

    def press(self, key):
        subprocess.run([*self.base, "send-keys", key], check=True)

    def close(self):
        subprocess.run([*self.base, "kill-server"], capture_output=True)


def test_review_in_a_terminal_with_single_key_presses(tmp_path):
    (tmp_path / "a.py").write_text(LEGACY)
    command = f"{shlex.quote(sys.executable)} -m scaffold_migrate -t 3.1 --no-progress -i a.py; echo EXIT=$?; sleep 60"
    terminal = Terminal(f"scaffold-migrate-test-{os.getpid()}", command, tmp_path)
    try:
        for number, key in enumerate("nyn", 1):
            terminal.wait_for("Apply this hunk [y,n,a,d,q,?]?", count=number)
            terminal.press(key)
        terminal.wait_for("EXIT=0")
        coloured = terminal.screen(escapes=True)
    finally:
        terminal.close()
    assert (tmp_path / "a.py").read_text() == ONLY_FIRST
    assert "\x1b[32m+first = view.__name__" in coloured and "hunk 2/3" in coloured
