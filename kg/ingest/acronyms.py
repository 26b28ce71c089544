"""Names an acronym defines: "Tehreek-e-Taliban Pakistan (TTP)" is one name, whatever its words are."""

from __future__ import annotations

import bisect
import re
from collections import Counter

from kg.ingest.segment import Words
from kg.ingest.spans import CONNECTORS, STOP, Mention

_DEFINED = re.compile(r"\(([A-Z][A-Za-z0-9&.\-]{1,11})\)")
_NAME_JOIN = re.compile(r"(?:[ \t\-\u00a0]|['’]s[ \t])*(?:&[ \t]*)?")
_FORCE_HEADS = frozenset("Force Forces Army Police Guard Military Navy Command".split())


def _initials_fit(acronym: str, initials: str) -> bool:
    """Whether an acronym abbreviates words with these initials: in order ("TTP", "ATMIS", "ACLED" for
    "… Data Project"), or the same letters in another language's order ("FARDC" for "Armed Forces of the
    Democratic Republic of the Congo")."""
    letters = [c for c in acronym if c.isupper()]
    if len(letters) < 2 or not initials or letters[0] not in initials[:2]:
        return False
    if letters[0] == initials[0]:
        rest = iter(initials)
        if all(c in rest for c in letters):
            return True
    if len(letters) >= 3 and len(letters) == len(initials) and letters[0] == initials[0] \
            and sum((Counter(letters) & Counter(initials)).values()) >= len(letters) - 1:
        return True  # "Volunteers for the Defence of the Homeland (VDP)", "Alliance of Sahel States (AES)": translated
    return sorted(letters) == sorted(initials)


def defined_names(text: str, words: Words, found: list[Mention]) -> None:
    """"Tehreek-e-Taliban Pakistan (TTP)", "the Uganda People's Defence Force (UPDF)": the words the acronym
    abbreviates are one name, even where they hold a country's name or a possessive.

    The name is the longest run of capitalised words (with "of", "the", "al-" and the like
    between them) before the parenthesis whose initials the acronym abbreviates. A state's
    name with a force noun ("Force", "Army", "Police") makes it a state armed force.
    """
    for match in _DEFINED.finditer(text):
        last = bisect.bisect_right(words.starts, match.start()) - 1
        if last < 0 or not words.capital[last] or text[words.ends[last]:match.start()].strip():
            continue
        start, best, exact = last, None, None
        letters = "".join(c for c in match.group(1) if c.isupper())
        while True:
            initials = "".join(words.base[k][0] for k in range(start, last + 1) if words.capital[k])
            if start < last and words.capital[start] and _initials_fit(match.group(1), initials):
                best = start
                exact = start if initials == letters else exact
            previous = start - 1
            if previous < 0 or words.sentence[previous] != words.sentence[last] or words.base[previous] in STOP:
                break
            gap = text[words.ends[previous]:words.starts[start]]
            if not _NAME_JOIN.fullmatch(gap) or not (words.capital[previous] or words.base[previous].lower() in CONNECTORS
                                                     or words.base[previous] == "and"):  # "Justice and Equality Movement (JEM)"
                break
            start = previous
        if best is None:
            continue
        # "the Pakistan Army and the Pakistan Air Force (PAF)": a run whose initials are the acronym's letters, one by one,
        # is the name, not a longer run that holds other names too.
        best = exact if exact is not None else best
        first, end = words.starts[best], words.ends[last]
        inside = [m for m in found if first <= m.start and m.end <= end and m.kind != "anaphor"]
        if any(m.start == first and m.end == end for m in inside) or any(
                m.start < first < m.end or m.start < end < m.end for m in found):
            continue
        span = [words.base[k] for k in range(best, last + 1)]
        state = any(m.type == "Country" or m.kind in ("demonym", "force") or any(k.type == "Country" for k in m.known)
                    for m in inside)
        typed = [m for m in inside if m.end == end and m.type and m.type != "Country"]
        force = state and bool(_FORCE_HEADS & {span[-1], *span[:2]})
        cls = "StateArmedForce" if force else (typed[0].type if typed else "MilitantGroup")
        country = next((m.country or (m.known[0].label if m.known else None) for m in inside if m.type == "Country"
                        or m.kind in ("demonym", "force") or any(k.type == "Country" for k in m.known)),
                       None) if cls == "StateArmedForce" else None
        gone = {id(m) for m in inside}
        found[:] = [m for m in found if id(m) not in gone]
        found.append(Mention(first, end, text[first:end], "name", words.sentence[best], type=cls, country=country))
    found.sort(key=lambda m: (m.start, -m.end))


