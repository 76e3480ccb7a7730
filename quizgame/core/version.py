"""The package's version, kept low so that any layer can read it (``quizgame.__version__`` too)."""

__version__ = "0.1.0"
