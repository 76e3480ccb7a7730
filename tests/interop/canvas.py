"""A faithful model of what Canvas keeps as the plain text of an imported QTI 1.2 answer.

Canvas converts a QTI 1.2 package with Instructure's QTIMigrationTool (``lib/imsqtiv1.py``)
and then reads the result with its ``qti_exporter`` plugin:

* ``MatText.MakeText``: ``texttype="text/plain"`` becomes a ``<div class="text">`` holding the
  text; ``text/html`` (also the tool's default when no type is given) stays HTML source.
* ``Qti::ChoiceInteraction#get_answers``: with a ``div.text`` the answer's text is
  ``choice.text.strip``; otherwise it is ``clear_html(choice.text).strip.gsub(/\\s+/, " ")``.
  ``Qti::AssociateInteraction`` (matching) reads its items the same way (``detect_html``).
* ``Qti::HtmlHelper#clear_html`` deletes tags, turns *decimal* character references into
  characters and deletes every other ``&name;`` (so ``&amp;`` and ``&quot;`` vanish and
  ``&#x27;`` stays as it is).
"""

from __future__ import annotations

import re

RUBY_SPACE = " \t\r\n\f\v"


def clear_html(text: str) -> str:
    text = re.sub(r"</?[^>\n]*>", "", text)
    text = re.sub(r"&#\d+;", lambda m: chr(int(m[0][2:-1])), text)
    text = re.sub(r"&[A-Za-z0-9_]+;", "", text)
    return re.sub(r"(?:\\r\\n)+", "\n", text)


def answer_text(mattext: str, texttype: str | None) -> str:
    """The plain text Canvas stores for an answer written as this ``mattext``."""
    if texttype == "text/plain":
        return mattext.strip(RUBY_SPACE + "\0")
    return re.sub(r"[ \t\r\n\f\v]+", " ", clear_html(mattext).strip(RUBY_SPACE + "\0"))
