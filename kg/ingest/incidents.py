"""Where the armed parties of an incident log's entries act (part of stage 5 of ingest).

NGO reports, monitoring briefs and army statements list incidents as dated entries that open with
the place: "8 January 2025 – Alibori department, Benin. JNIM fighters overran a position of the
army …". The place line is the setting of the whole entry: every armed group and state force the
entry names acts there, whether the entry says so with a verb this stage reads ("clashed",
"overran") or not ("were abducted by JNIM militants"). Called once per document by
:mod:`kg.ingest.relations`; a country on the place line is left out (the entry's town and region say
more, and a country is read from the text's own words).
"""

from __future__ import annotations

import bisect
import re

from kg.ingest.dates import TimeExpression
from kg.ingest.findings import Finding
from kg.ingest.mentions import Mention
from kg.ingest.resolve import Resolution
from kg.ingest.segment import Sentence

#: An entry's head at the start of a line: a date ("8 January 2025", "January 8, 2025", "2025-01-08"), then a dash.
_ENTRY = re.compile(r"^[ \t]*(?:\d{1,2}\s+[A-Z][a-z]+\.?(?:\s+\d{4})?|[A-Z][a-z]+\.?\s+\d{1,2}(?:,\s+\d{4})?|\d{4}-\d{2}-\d{2})"
                    r"[ \t]*[–—-][ \t]*", re.MULTILINE)
#: The place line ends at the first full stop that closes a sentence.
_PLACE_LINE_END = re.compile(r"\.(?:\s|$)")
_ARMED = frozenset({"MilitantGroup", "StateArmedForce"})
_SETTINGS = frozenset({"City", "Region"})
#: An inferred place of an entry: below a stated relation's confidence.
_CONFIDENCE = 0.8
#: Outside its places' names, a place line has only short pieces between commas ("Alibori department", "near");
#: a dated line that goes on in a clause ("Malian troops withdrew from their base in Gao.") is a timeline, not a log.
_LONGEST_PIECE = 3


def incident_places(text: str, sentences: list[Sentence], mentions: list[Mention], resolution: Resolution,
                    times: list[TimeExpression], have: set[tuple[int, int]]) -> list[Finding]:
    """``operatesIn`` for each armed party of each dated entry and each town or region on the entry's place line,
    unless ``have`` (subject, object index pairs) holds it already."""
    found = []
    mentions = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in mentions]
    times = sorted(times, key=lambda t: t.start)
    time_starts = [t.start for t in times]

    def between(start: int, end: int) -> list[Mention]:
        return mentions[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]

    for entry in _ENTRY.finditer(text):
        line_end = _PLACE_LINE_END.search(text, entry.end())
        if line_end is None or "\n" in text[entry.end():line_end.start()]:
            continue
        on_line = between(entry.end(), line_end.start())
        if not _a_place_line(text, entry.end(), line_end.start(), on_line, resolution):
            continue
        paragraph_end = text.find("\n", line_end.end())
        paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
        places = [e for m in on_line for e in resolution.of(m) if e.type in _SETTINGS]
        actors = [(m, e) for m in between(line_end.end(), paragraph_end) if m.kind != "anaphor"
                  for e in resolution.of(m) if e.type in _ARMED]  # named, not "the militants" they are accused of aiding
        first = bisect.bisect_left(time_starts, entry.start())
        date = times[first].value if first < len(times) and times[first].start < entry.end() else None
        for mention, actor in actors:
            for place in places:
                if (actor.index, place.index) not in have:
                    have.add((actor.index, place.index))
                    found.append(Finding(actor, "operatesIn", place, mention.start, mention.end, mention.sentence, date,
                                         _CONFIDENCE, trigger="incident log entry", inferred=True))
    return found


def _a_place_line(text: str, start: int, end: int, on_line: list[Mention], resolution: Resolution) -> bool:
    """Whether ``text[start:end]`` is a place line: places' names with at most a few other words between commas."""
    places = [m for m in on_line if any(e.type in _SETTINGS or e.type == "Country" for e in resolution.of(m))]
    if not places:
        return False
    rest, at = [], start
    for mention in places:
        rest.append(text[at:mention.start])
        at = max(at, mention.end)
    rest.append(text[at:end])
    return all(len(piece.split()) <= _LONGEST_PIECE for part in rest for piece in part.split(","))
