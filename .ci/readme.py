"""The README's quick-start commands, read from README.md so that CI runs exactly what it says.

The "Quick start" section holds two ```sh blocks: the first plays the game, the second runs the
tests. `python3 .ci/readme.py play` prints the first, `... test` the second; anything else in the
section (a third block, a missing one) is an error, so the README and CI cannot drift apart.
"""

import re
import sys
from pathlib import Path

readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
section = re.search(r"^## Quick start\n(.*?)(?=^## )", readme, re.M | re.S)
if section is None:
    sys.exit("README.md has no '## Quick start' section")
blocks = re.findall(r"^```sh\n(.*?)^```", section[1], re.M | re.S)
if len(blocks) != 2 or any(len(b.strip().splitlines()) != 1 for b in blocks):
    sys.exit("README.md's quick start must be exactly two one-line ```sh blocks: play, then test")
which = {"play": 0, "test": 1}.get(sys.argv[1] if len(sys.argv) == 2 else "")
if which is None:
    sys.exit("usage: readme.py play|test")
print(blocks[which].strip())
