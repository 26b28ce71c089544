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
from functools import cache

import pyoxigraph as ox

from kg.ingest.appositions import person_in_apposition
from kg.ingest.lexicon import Lexicon
from kg.ingest.mentions import Mention
from kg.ontology import ontology_graph
from kg.vocab import KG_NS

_WHO_AFTER = re.compile(r"[ \t]*,[ \t]*who(?:se)?\b")
_WEAK = (None, "City", "Region")
_TAIL = re.compile(r"([\w-]+)\s+([\w-]+)\s+(?:the\s+)?$")
_TITLE_AFTER = re.compile(r"[ \t]+(?:[a-z]+[ \t]+)?([\w-]+(?:[ \t][a-z]+)?)[ \t]+[A-Z]")
_NAME_OF_BEFORE = re.compile(r"\b[A-Z][a-z]+[ \t]+[A-Z][a-z]+[ \t]+of[ \t]+$")


@cache
def _cue_phrases() -> tuple[tuple[str, str], ...]:
    predicate = ox.NamedNode(KG_NS + "cuePhrase")
    return tuple((t.subject.value[len(KG_NS):], t.object.value) for t in ontology_graph()
                 if t.predicate == predicate and t.subject.value.startswith(KG_NS))


def _alternatives(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


_COMPILED: dict[int, tuple[tuple[str, re.Pattern], ...]] = {}
_APPOSED: dict[int, re.Pattern] = {}


def cue_patterns(lexicon: Lexicon) -> tuple[tuple[str, re.Pattern], ...]:
    """Per class, one pattern of its cue phrases that must end where the name begins (compiled once per lexicon)."""
    found = _COMPILED.get(id(lexicon))
    if found is None:
        by_class: dict[str, list[str]] = {}
        for cls, phrase in _cue_phrases():
            by_class.setdefault(cls, []).append(phrase)
        compiled = []
        for cls, phrases in by_class.items():
            nouns = [n for n, c in lexicon.type_nouns.items() if c == cls]
            if cls == "Person":
                nouns += [t.lower() for t in lexicon.titles]
            forms = []
            for phrase in phrases:
                parts = [f"(?:{_alternatives(nouns)})" if w == "NOUN" else f"(?:{_alternatives(w.split('|'))})"
                         for w in phrase.lstrip(", ").split()]
                if phrase.startswith("NOUN"):
                    forms.append(parts[0] + r"\s*,?\s+" + r"\s+".join(parts[1:]))
                else:  # ", identified as": after a comma, any noun will do; "succeeded by": no noun needed
                    forms.append((r",\s*" if phrase.startswith(",") else "") + r"\s+".join(parts))
            compiled.append((cls, re.compile(r"\b(?:" + "|".join(forms) + r")\s+(?:the\s+)?$", re.IGNORECASE)))
        found = _COMPILED[id(lexicon)] = tuple(compiled)
    return found


def apposed_person(lexicon: Lexicon) -> re.Pattern:
    """", the so-called head of …", ", its founding secretary-general": a person's role in apposition."""
    found = _APPOSED.get(id(lexicon))
    if found is None:
        roles = [t.lower() for t in lexicon.titles] + [n for n, c in lexicon.type_nouns.items() if c == "Person"]
        found = _APPOSED[id(lexicon)] = re.compile(
            r"[ \t]*,[ \t]*(?:the|a|an|its|their|his|her|[\w-]+['’]s)[ \t]+(?:[\w-]+[ \t]+){0,3}?(?:"
            + _alternatives(roles) + r")\b(?![ \t]+(?:said|says|told|added|noted|stated|warned)\b)", re.IGNORECASE)
    return found


@cache
def _endings() -> tuple[frozenset[str], frozenset[str]]:
    """The words cue phrases end with: the last word alone where any noun stands before it ("NOUN called"), else the
    last two ("known as"). Where the words before a name are none of them, no phrase can match, and none is tried."""
    last: set[str] = set()
    pairs: set[str] = set()
    for _, phrase in _cue_phrases():
        words = phrase.lower().lstrip(", ").split()
        if len(words) < 2 or words[-2] == "noun":
            last.update(words[-1].split("|"))
        else:
            pairs.update(f"{a} {b}" for a in words[-2].split("|") for b in words[-1].split("|"))
    return frozenset(last), frozenset(pairs)


def cue_class(text: str, mention: Mention, lexicon: Lexicon) -> str | None:
    """The class a cue phrase right before the mention gives it, if any."""
    before = text[max(0, mention.start - 90):mention.start]
    tail = _TAIL.search(before, max(0, len(before) - 40))
    last, pairs = _endings()
    if tail is None or (tail.group(2).lower() not in last and f"{tail.group(1)} {tail.group(2)}".lower() not in pairs):
        return None
    for cls, pattern in cue_patterns(lexicon):
        if pattern.search(before):
            return cls
    return None


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
        who = _WHO_AFTER.match(text, mention.end) and " " in mention.name.strip()
        if who or _role_apposed(text, mention, lexicon):
            mention.type, mention.kind = "Person", "cued"
            return
    if mention.type in _WEAK and person_in_apposition(text, mention, lexicon):
        mention.type, mention.kind = "Person", "cued"  # "the governor of the province, Tesfahun Alemu,": not a place


def _role_apposed(text: str, mention: Mention, lexicon: Lexicon) -> bool:
    """A person's role in apposition, with no organisation noun before it ("a group whose leader" is not one)."""
    match = apposed_person(lexicon).match(text, mention.end)
    if not match:
        return False
    gap = re.findall(r"[\w-]+", match.group().lower())[1:-1]
    return not any(lexicon.type_nouns.get(word) not in (None, "Person") for word in gap)


def _relation_title_after(text: str, mention: Mention, lexicon: Lexicon) -> bool:
    """Whether a title that relates a person to an organisation follows, before a name: "X's founding leader Y"."""
    match = _TITLE_AFTER.match(text, mention.end)
    return bool(match) and any(lexicon.titles.get(title) for title in (match.group(1), match.group(1).lower()))
