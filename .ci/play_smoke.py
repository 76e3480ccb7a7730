"""Run the README's play command as a player would: in a terminal, see the home screen, quit.

Usage: python3 .ci/play_smoke.py "COMMAND". The command runs through bash in an 80x24
pseudo-terminal with its data and config folders in a temporary directory (the command itself is
not changed). Passes when the home screen is drawn and ctrl+q ends the game with exit code 0.
"""

import fcntl
import os
import pty
import re
import select
import struct
import sys
import tempfile
import termios
import time

command = sys.argv[1]
home = tempfile.mkdtemp(prefix="quizgame-ci-")
env = dict(os.environ, TERM="xterm-256color", COLUMNS="80", LINES="24")
env.update(XDG_DATA_HOME=f"{home}/data", XDG_CONFIG_HOME=f"{home}/config")
env.update(XDG_CACHE_HOME=f"{home}/cache", XDG_STATE_HOME=f"{home}/state")

pid, fd = pty.fork()
if pid == 0:
    os.execvpe("bash", ["bash", "-c", command], env)
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))

ANSI = re.compile(rb"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|.)")
seen = b""
deadline = time.monotonic() + 600  # the install comes first
quit_sent = False
status = None
while time.monotonic() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.5)
    if ready:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the child closed the terminal
            chunk = b""
        if not chunk:
            break
        seen += chunk
    text = ANSI.sub(b"", seen)
    if not quit_sent and b"quizgame" in text and b"Start" in text:
        time.sleep(1.0)  # let the screen settle, as a player would
        os.write(fd, b"\x11")  # ctrl+q
        quit_sent = True
        deadline = min(deadline, time.monotonic() + 30)
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        break
else:
    os.kill(pid, 9)
if status is None or not os.WIFEXITED(status):
    _, status = os.waitpid(pid, 0)
code = os.waitstatus_to_exitcode(status)
if not quit_sent:
    print(ANSI.sub(b"", seen).decode("utf-8", "replace")[-2000:])
    sys.exit(f"play smoke: the home screen never appeared (exit code {code})")
if code != 0:
    sys.exit(f"play smoke: the game drew its home screen but quit with exit code {code}")
print("play smoke: the README's play command drew the home screen and quit cleanly with ctrl+q")
