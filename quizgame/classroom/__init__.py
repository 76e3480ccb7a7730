"""The live class game over the local network: web server, student page, host screen.

The rules live in :mod:`quizgame.core.live`; this package only serves them.
"""
