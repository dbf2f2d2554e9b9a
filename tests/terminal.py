"""Run a command with its stderr on a pseudo-terminal, as a user at a terminal would see it."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import termios


def stderr_on_a_terminal(cmd: list[str], *, columns: int, timeout: float, **popen) -> tuple[int, bytes]:
    """(exit status, all bytes written to stderr) of `cmd` run with stderr on a `columns`-wide
    pseudo-terminal and stdout discarded."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=follower, **popen)
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closes when the process exits
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    return proc.wait(timeout=timeout), seen
