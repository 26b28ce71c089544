"""Names with "and" inside them: "the Peace and Security Council", "the Nigerien Defence and Security Forces".

The word rules end a name at a lower-case word, so "and" splits these names in two (or drops
their first half, where it is a word that starts sentences, such as "Security"). After "the",
capitalised words joined by "and" before a name whose head noun is an organisation's
(:func:`kg.ingest.heads.head_class`) are one name with it; a nationality word before them
says whose ("Nigerien … Forces": Niger's).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kg.ingest.mentions import Mention

#: "the [Nigerien ]Peace and " before the head-noun name: one to three capitalised words, "and", perhaps more capitals.
_FIRST_HALF = re.compile(r"\b[Tt]he[ \t]+((?:[A-Z][\w'’-]*[ \t]+){1,3}and[ \t]+(?:[A-Z][\w'’-]*[ \t]+){0,2})$")
_KINDS = ("chunk", "cued", "name", "demonym")


def join_and_names(text: str, found: list[Mention], head_class: Callable[[str], str | None],
                   organizations: frozenset[str]) -> None:
    """Grow each organisation's name over the "X and" before it (``found`` sorted by start, in place)."""
    index = 0
    while index < len(found):
        mention = found[index]
        match = _FIRST_HALF.search(text, max(0, mention.start - 70), mention.start) \
            if mention.kind in ("chunk", "cued", "name") and text[mention.start - 1:mention.start] == " " else None
        if match:
            start = match.start(1)
            name = text[start:mention.end]
            inside = [m for m in found[max(0, index - 4):index] if m.start >= start]
            first = inside[0] if inside else None
            country = first.country if first is not None and first.kind == "demonym" else None
            cls = head_class(name[len(first.text) + 1:] if country else name)
            if cls in organizations and all(m.kind in _KINDS for m in inside):
                grown = Mention(start, mention.end, name, "name", mention.sentence, type=cls, country=country,
                                possessive=mention.possessive)
                found[index - len(inside):index + 1] = [grown]
                index -= len(inside)
        index += 1
