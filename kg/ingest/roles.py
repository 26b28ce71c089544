"""Classes from the phrases around a name: cue phrases and a person's apposition (part of the pass of :mod:`kg.ingest.heads`).

"the armed group that calls itself Fano" makes Fano an armed group, "the dissident commander
known as Iván Mordisco" makes a person; "Mulugeta Ayele, the so-called head of the group's
logistics" and "Abbas al-Musawi, who was killed in 1992" are persons even where a locative
("in …") had made the name a town. The cue phrases are ``kg:cuePhrase`` annotations of the
ontology classes (``ontology/lexicon-entities.ttl``); "NOUN" in them stands for the class's
``kg:typeNoun`` words (and, for persons, its ``kg:title`` words).
"""

from __future__ import annotations

import re

from kg.ingest.appositions import person_in_apposition
from kg.ingest.lexicon import Lexicon
from kg.ingest.mentions import Mention

_WHO_AFTER = re.compile(r"[ \t]*,[ \t]*who(?:se)?\b")
#: A person taking or leaving an office: "Ana Ruiz was sworn in as president", "… was appointed", "… resigned".
_OFFICE_TAKEN_AFTER = re.compile(r"[ \t]+(?:was|had been|has been)[ \t]+(?:sworn[ \t]+in|elected|re-elected|appointed|named|"
                                 r"inaugurated|dismissed|sacked)[ \t]+(?:as|to)\b")
_WEAK = (None, "City", "Region")
_TAIL = re.compile(r"([\w-]+)\s+([\w-]+)\s+(?:the\s+)?$")
_TITLE_AFTER = re.compile(r"[ \t]+(?:[a-z]+[ \t]+)?([\w-]+(?:[ \t][a-z]+)?)[ \t]+[A-Z]")
_NAME_OF_BEFORE = re.compile(r"\b[A-Z][a-z]+[ \t]+[A-Z][a-z]+[ \t]+of[ \t]+$")


def cue_class(text: str, mention: Mention, lexicon: Lexicon) -> str | None:
    """The class a cue phrase right before the mention gives it, if any."""
    before = text[max(0, mention.start - 90):mention.start]
    cues = lexicon.cues
    last = before.rsplit(None, 2)[-2:]  # the phrase's last word is the last one here, or the one before "the"
    if not any(word.lower() in cues.cue_final_words for word in last):
        return None
    tail = _TAIL.search(before, max(0, len(before) - 40))
    if tail is None or (tail.group(2).lower() not in cues.cue_last_words
                        and f"{tail.group(1)} {tail.group(2)}".lower() not in cues.cue_last_pairs):
        return None
    runs = [m.start() for m in _RUN.finditer(before)]
    first = runs[-cues.cue_words] if len(runs) >= cues.cue_words else 0  # a match can start no further back
    for cls, pattern in cues.cue_patterns:
        if pattern.search(before, first):
            return cls
    return None


_RUN = re.compile(r"\w+")


def retype_by_context(text: str, mention: Mention, lexicon: Lexicon) -> None:
    """Cue phrases before a name, and a person's apposition or "who" after it, over weaker guesses (in place)."""
    if mention.kind not in ("chunk", "cued") or mention.title:
        return
    cls = cue_class(text, mention, lexicon)
    if cls:
        mention.type, mention.kind = cls, "cued"
        return
    if mention.kind == "cued" and _NAME_OF_BEFORE.search(text, max(0, mention.start - 30), mention.start):
        mention.type, mention.kind = None, "chunk"  # "the Libyan National Army of Khalifa Haftar": "Army" names the army only
        return
    if mention.type is None and mention.possessive and _relation_title_after(text, mention, lexicon):
        mention.type = "MilitantGroup"  # "Hezbollah's founding secretary-general …": an organisation, most often an armed group
        return
    if mention.type in _WEAK and mention.kind == "chunk" or mention.type is None:
        who = (_WHO_AFTER.match(text, mention.end) or _OFFICE_TAKEN_AFTER.match(text, mention.end)) \
            and " " in mention.name.strip()
        if who or _role_apposed(text, mention, lexicon):
            mention.type, mention.kind = "Person", "cued"
            return
    if mention.type in _WEAK and person_in_apposition(text, mention, lexicon):
        mention.type, mention.kind = "Person", "cued"  # "the governor of the province, Tesfahun Alemu,": not a place


def _role_apposed(text: str, mention: Mention, lexicon: Lexicon) -> bool:
    """A person's role in apposition, with no organisation noun before it ("a group whose leader" is not one)."""
    match = lexicon.cues.apposed_person.match(text, mention.end)
    if not match:
        return False
    gap = re.findall(r"[\w-]+", match.group().lower())[1:-1]
    return not any(lexicon.type_nouns.get(word) not in (None, "Person") for word in gap)


def _relation_title_after(text: str, mention: Mention, lexicon: Lexicon) -> bool:
    """Whether a title that relates a person to an organisation follows, before a name: "X's founding leader Y"."""
    match = _TITLE_AFTER.match(text, mention.end)
    return bool(match) and any(lexicon.titles.get(title) for title in (match.group(1), match.group(1).lower()))
