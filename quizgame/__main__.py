"""``python -m quizgame``: the same as the ``quizgame`` command."""

from quizgame.cli import main

raise SystemExit(main())
