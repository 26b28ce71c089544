"""The patterns of the entity rules, compiled once from the lexicon's words (part of :func:`kg.ingest.lexicon.lexicon`).

Cue phrases (``kg:cuePhrase``: "the armed group that calls itself Fano"), a person's role in
apposition (", the so-called head of …"), a role before a name ("her security secretary,
Ana Ruiz Soto,") and a signature line ("Colonel Abebe Tola") are all built from the
ontology's ``kg:title`` and ``kg:typeNoun`` words, so they are compiled where the lexicon is
read: once, beside it, not by each rule module on first use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class EntityCues:
    """The compiled patterns :mod:`kg.ingest.roles` and :mod:`kg.ingest.appositions` match with."""

    #: Per class, one pattern of its cue phrases that must end where the name begins.
    cue_patterns: tuple[tuple[str, re.Pattern], ...]
    #: A bound on the words (runs of word characters) a cue phrase's match spans, with one to spare for a phrase that
    #: opens with a comma: the patterns are searched from that many words before the name, not from further back.
    cue_words: int
    #: The words cue phrases end with: the last word alone where any noun stands before it ("NOUN called"), else the
    #: last two ("known as"). Where the words before a name are none of them, no phrase can match, and none is tried.
    cue_last_words: frozenset[str]
    cue_last_pairs: frozenset[str]
    #: Every word a cue phrase can end with (the last words and the second words of the last pairs): the last word
    #: before a name, or the one before "the", must be one of them, a test cheaper than any pattern.
    cue_final_words: frozenset[str]
    #: ", the so-called head of …", ", its founding secretary-general": a person's role in apposition.
    apposed_person: re.Pattern
    #: A role before a name, ending in ", ".
    role_before: re.Pattern
    #: A capitalised title after a name: ", President of …".
    title_after: re.Pattern
    #: A line that is a title and a name (a signature: "Colonel Abebe Tola").
    signature: re.Pattern


def _alternatives(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


def _runs(words) -> int:
    """The most runs of word characters any of the words holds ("secretary-general": two)."""
    return max((len(_RUN.findall(w)) for w in words), default=0)


_RUN = re.compile(r"\w+")


def _cue_patterns(cue_phrases: tuple[tuple[str, str], ...], type_nouns: dict[str, str],
                  titles: dict[str, str | None]) -> tuple[tuple[tuple[str, re.Pattern], ...], int]:
    by_class: dict[str, list[str]] = {}
    for cls, phrase in cue_phrases:
        by_class.setdefault(cls, []).append(phrase)
    compiled = []
    longest = 0
    for cls, phrases in by_class.items():
        nouns = [n for n, c in type_nouns.items() if c == cls]
        if cls == "Person":
            nouns += [t.lower() for t in titles]
        forms = []
        for phrase in phrases:
            parts = [f"(?:{_alternatives(nouns)})" if w == "NOUN" else f"(?:{_alternatives(w.split('|'))})"
                     for w in phrase.lstrip(", ").split()]
            longest = max(longest, sum(_runs(nouns) if w == "NOUN" else _runs(w.split("|"))
                                       for w in phrase.lstrip(", ").split()))
            if phrase.startswith("NOUN"):
                forms.append(parts[0] + r"\s*,?\s+" + r"\s+".join(parts[1:]))
            else:  # ", identified as": after a comma, any noun will do; "succeeded by": no noun needed
                forms.append((r",\s*" if phrase.startswith(",") else "") + r"\s+".join(parts))
        compiled.append((cls, re.compile(r"\b(?:" + "|".join(forms) + r")\s+(?:the\s+)?$", re.IGNORECASE)))
    return tuple(compiled), longest + 2  # "the" after the phrase, and the word a leading comma follows


def _cue_endings(cue_phrases: tuple[tuple[str, str], ...]) -> tuple[frozenset[str], frozenset[str]]:
    last: set[str] = set()
    pairs: set[str] = set()
    for _, phrase in cue_phrases:
        words = phrase.lower().lstrip(", ").split()
        if len(words) < 2 or words[-2] == "noun":
            last.update(words[-1].split("|"))
        else:
            pairs.update(f"{a} {b}" for a in words[-2].split("|") for b in words[-1].split("|"))
    return frozenset(last), frozenset(pairs)


def entity_cues(cue_phrases: tuple[tuple[str, str], ...], type_nouns: dict[str, str],
                titles: dict[str, str | None]) -> EntityCues:
    """Compile the entity rules' patterns from the cue phrases, type nouns and titles of the lexicon."""
    person_nouns = [n for n, c in type_nouns.items() if c == "Person"]
    apposed = re.compile(
        r"[ \t]*,[ \t]*(?:the|a|an|its|their|his|her|[\w-]+['’]s)[ \t]+(?:[\w-]+[ \t]+){0,3}?(?:"
        + _alternatives([t.lower() for t in titles] + person_nouns)
        + r")\b(?![ \t]+(?:said|says|told|added|noted|stated|warned)\b)", re.IGNORECASE)
    roles = {t.lower() for t in titles} | set(person_nouns)
    words = "|".join(re.escape(r).replace(r"\ ", r"\s+") for r in sorted(roles, key=len, reverse=True))
    before = re.compile(
        r"\b(?:the|a|an|its|their|his|her|our|[\w-]+['’]s|two|three|four)\s+(?:[\w-]+\s+){0,3}?(?:" + words + r")"
        r"(?:\s+(?:of|for|at|in|to)\s+[^,;.()]{1,80}?)?\s*,[ \t]*$", re.IGNORECASE)
    capitalised = "|".join(re.escape(t) for t in sorted((t for t in titles if t[:1].isupper()), key=len, reverse=True))
    after = re.compile(r"[ \t]*,[ \t]*(?:the[ \t]+)?(?:" + capitalised + r")[ \t]+(?:of|for)[ \t]+(?:the[ \t]+)?[A-Z]")
    signature = re.compile(r"(?:" + capitalised + r")[ \t]+([A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’-]*){1,3})[ \t]*")
    last, pairs = _cue_endings(cue_phrases)
    final = last | {pair.rsplit(" ", 1)[-1] for pair in pairs}
    patterns, words = _cue_patterns(cue_phrases, type_nouns, titles)
    return EntityCues(patterns, words, last, pairs, final, apposed, before, after, signature)
