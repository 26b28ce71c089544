"""The one error type users see: a clear message, no traceback."""

import re


class KgError(Exception):
    """A failure caused by input or environment, reported to the user as one line.

    ``exit_code`` follows the CLI's convention: 2 for bad input or an unusable store,
    1 for a completed check that found problems (``kg validate``).
    """

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_LOOSE_NEWLINE = re.compile(r"\r?\n(?!  )")


def printable(message: str) -> str:
    """``message`` as one error line for a terminal, with its indented detail lines kept.

    Messages quote input (a parser's excerpt, a file name, a query), and input can hold
    newlines, terminal escape sequences or bidirectional overrides that would split the
    line, recolour the terminal or reorder what is shown. Those are written as escapes;
    a newline stays only where it starts one of the message's own detail lines ("  …").

    >>> printable("bad token 'a\\nb' \\x1b[31m")
    "bad token 'a\\\\nb' \\\\x1b[31m"
    """
    return terminal_text(_LOOSE_NEWLINE.sub(lambda _: "\\n", message))


def terminal_text(text: str) -> str:
    r"""``text`` from the data made safe to show on a terminal: control characters and
    bidirectional overrides written as escapes, so a label or title can neither recolour
    nor retitle the terminal, hide what follows, nor reorder what is shown.

    >>> terminal_text("Al-Naba\x1b]0;pwned\x07")
    'Al-Naba\\x1b]0;pwned\\x07'
    """
    return _CONTROL.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


def excerpt(text: str, limit: int = 200) -> str:
    """At most ``limit`` characters of ``text`` for an error message, marked where it was cut."""
    return text if len(text) <= limit else text[:limit] + "…"
