"""Persons named in apposition to a role, and by their nicknames (part of the pass of :mod:`kg.ingest.roles`).

"the head of the interim administration, Tesfaye Bekele," and "her security secretary, Ana
Ruiz Soto," name persons by the role before them; "Tesfaye Bekele, Governor of the Central
Bank" by the capitalised title after them; "Pedro Lara, alias "El Gato"" by the nickname that
follows. The roles are the ``kg:title`` words of any relation and the ``kg:typeNoun`` words
of ``kg:Person`` (ontology/lexicon.ttl and ontology/lexicon-entities.ttl, where plural nouns
such as "nationals" are too: "two foreign nationals, A and B"), so no list of role words lives here.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kg.ingest.lexicon import Lexicon
from kg.ingest.mentions import Mention
from kg.ingest.segment import Sentence

#: What may follow a name in apposition: a comma, the sentence's end, a bracket, or a second name ("X and Y").
_CLOSES = re.compile(r"[ \t]*(?:[,.;:)]|and[ \t]+[A-Z])")
_COMMA_BEFORE = re.compile(r",[ \t]*$")
#: A nickname after the name: ", alias "El Gato"", " (alias Abu Omar)", ", also known as …".
_ALIAS_AFTER = re.compile(r"[ \t]*[,(][ \t]*(?:alias|a\.k\.a\.|aka|also known as|known as|nicknamed)[ \t]+[\"“']?[A-Z]")


def _name_like(mention: Mention) -> bool:
    """Two to four words, not an acronym: the shape of a person's name."""
    words = mention.name.split()
    return 2 <= len(words) <= 4 and not mention.name.isupper()


def person_in_apposition(text: str, mention: Mention, lexicon: Lexicon) -> bool:
    """Whether a role in apposition, a title after the name or a nickname makes the mention a person."""
    if not _name_like(mention):
        return False
    if _ALIAS_AFTER.match(text, mention.end):
        return True
    if lexicon.cues.title_after.match(text, mention.end):
        return True
    if not _COMMA_BEFORE.search(text, max(0, mention.start - 3), mention.start) or not _CLOSES.match(text, mention.end):
        return False
    return lexicon.cues.role_before.search(text, max(0, mention.start - 140), mention.start) is not None


_THE_BEFORE = re.compile(r"\b(?:[Tt]he|[Ii]ts|[Tt]heir|[Tt]his|[Aa]n?)[ \t]+$")
_OPEN_QUOTE = re.compile(r"[ \t][\"“‘'][ \t]?")
_CLOSE_QUOTE = re.compile(r"[ \t]?[\"”’'][ \t]")
_NON_SPACE = re.compile(r"\S+")


def join_nicknames(text: str, found: list[Mention]) -> None:
    """"Joaquín "El Chapo" Guzmán": a quoted nickname inside a name makes one person's name (``found`` sorted, in place)."""
    index = 0
    while index + 2 < len(found):
        first, nickname, last = found[index:index + 3]
        if (first.sentence == last.sentence and first.kind in ("chunk", "cued") and last.kind in ("chunk", "cued")
                and nickname.kind in ("chunk", "cued") and not first.possessive and not nickname.possessive
                and _OPEN_QUOTE.fullmatch(text, first.end, nickname.start)
                and _CLOSE_QUOTE.fullmatch(text, nickname.end, last.start)
                and first.type in (None, "Person") and last.type in (None, "Person", "City")):
            found[index:index + 3] = [Mention(first.start, last.end, text[first.start:last.end], "cued", first.sentence,
                                              type="Person", possessive=last.possessive, title=first.title)]
        index += 1


def persons_by_surname(text: str, found: list[Mention], head_class: Callable[[str], str | None]) -> None:
    """An untyped name of two to four words whose last words stand alone elsewhere ("Ana Ruiz Soto" … "Ruiz Soto said")
    is a person's: the press names a person in full once and by surname after, never after "the" (in place)."""
    alone = {m.name for m in found if m.kind == "chunk" and m.type in (None, "Person") and not m.name.isupper()
             and not _THE_BEFORE.search(text, max(0, m.start - 4), m.start)}
    for mention in found:
        if mention.kind != "chunk" or mention.type is not None or not _name_like(mention) or head_class(mention.name):
            continue
        words = mention.name.split()
        if any(" ".join(words[i:]) in alone for i in range(1, len(words))):
            mention.type, mention.kind = "Person", "cued"


def split_titles(text: str, found: list[Mention], lexicon: Lexicon) -> None:
    """"UN Secretary-General Ana Ruiz": a title inside a capitalised run splits it into the office's owner and a titled
    person (``found`` sorted, in place)."""
    index = 0
    while index < len(found):
        mention = found[index]
        named = mention.kind in ("chunk", "cued", "name") and mention.type != "Person"
        parts = list(_NON_SPACE.finditer(mention.text)) if named else []
        for at in range(1, len(parts) - 1):
            title = next((t for t in lexicon.title_words.get(parts[at].group(), ())
                          if [p.group() for p in parts[at:at + len(t)]] == t and at + len(t) < len(parts)), None)
            if title is None or not lexicon.title_ending(" ".join(title)):
                continue
            owner_end = mention.start + parts[at - 1].end()
            person_start = mention.start + parts[at + len(title)].start()
            owner = Mention(mention.start, owner_end, text[mention.start:owner_end], "chunk", mention.sentence)
            person = Mention(person_start, mention.end, text[person_start:mention.end], "cued", mention.sentence,
                             type="Person", possessive=mention.possessive, title=" ".join(title))
            found[index:index + 1] = [owner, person]
            break
        index += 1


#: An armed force "of" someone: "the forces of Omar Bashir Dagash"; after a force's name, "of" (perhaps after its acronym).
_FORCE_OF = re.compile(r"\b(?:forces|army|militia|militias|fighters|troops|loyalists|men|followers|faction|alliance|federation|"
                       r"coalition|gang)[ \t]+of[ \t]+$")
_OF = re.compile(r"(?:[ \t]*\([A-Z][A-Za-z-]+\))?[ \t]+of[ \t]+")
_FORCES = ("MilitantGroup", "StateArmedForce")


def persons_owning_forces(text: str, found: list[Mention], head_class: Callable[[str], str | None]) -> None:
    """An untyped two-to-four-word name right after an armed force's "of" is the person it answers to: "the Eastern
    Command (EC) of Ramón Ibarra Soto" (``found`` sorted, in place)."""
    owners = [m for m in found if not (m.name.isupper() and text[m.start - 1:m.start] == "(")]  # not "(EC)"
    for before, mention in zip([None, *owners], owners):
        if mention.kind not in ("chunk", "cued") or not _name_like(mention) or head_class(mention.name):
            continue
        force = mention.type is None and before is not None and before.type in _FORCES \
            and _OF.fullmatch(text, before.end, mention.start)
        if force or mention.type in (None, *_FORCES) and _FORCE_OF.search(text, max(0, mention.start - 30), mention.start):
            mention.type, mention.kind = "Person", "cued"  # "the forces of Omar Bashir Dagash": a commander, not a force


def signatures(text: str, sentences: list[Sentence], found: list[Mention], lexicon: Lexicon) -> None:
    """A line that is only a title and a name ("Colonel Abebe Tola Gurmu" under a press release) names a person; the
    word rules skip such lines as headlines (``found`` in place)."""
    signature = lexicon.cues.signature
    for number, sentence in enumerate(sentences):
        match = signature.fullmatch(text, sentence.start, sentence.end)
        if match and not any(m.start < sentence.end and sentence.start < m.end for m in found):
            start, end = match.span(1)
            title = text[sentence.start:start].strip()
            found.append(Mention(start, end, text[start:end], "cued", number, type="Person", title=title))
