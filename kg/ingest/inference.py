"""Relations read from other findings and their wording rather than from one trigger.

- joint action: actors written as one subject of an armed action cooperate;
- succession: "his predecessor, X" / "his successor, X" leads what the possessor leads;
- ended roles: "its founder, X, was arrested in 2015" led it until then.

``context`` is the sentence context of :mod:`kg.ingest.relations` (text, sentence, its
index, coordinated groups and the resolution).
"""

from __future__ import annotations

import re

from kg.ingest.clauses import possessor_before
from kg.ingest.findings import BASE_CONFIDENCE, Finding
from kg.ingest.mentions import Mention
from kg.ingest.resolve import Entity

_CAPTURE = re.compile(r"\b(?:seized|captured|recaptured|retook|overran|taken)\b")


def joint_actions(findings: list[Finding]) -> list[Finding]:
    """"Rwandan and Mozambican troops have recaptured the town", "Ansar Dine and the MLF attacked …": actors
    written as one subject of an armed action act together, so they cooperate."""
    subjects: dict[tuple, list[Entity]] = {}
    for finding in findings:
        armed = finding.predicate in ("attacked", "atWarWith", "ousted") or (
            finding.predicate == "operatesIn" and _CAPTURE.search(finding.trigger) is not None)
        if armed and not finding.inferred and not finding.claimed_by \
                and finding.confidence >= BASE_CONFIDENCE:
            together = subjects.setdefault((finding.sentence, finding.start, finding.trigger, finding.object.index), [])
            if finding.subject not in together:
                together.append(finding.subject)
    joint = []
    for (sentence, start, trigger, _), together in subjects.items():
        for i, first in enumerate(together):
            for second in together[i + 1:]:
                source = next(f for f in findings if f.sentence == sentence and f.start == start and f.subject is second)
                joint.append(Finding(first, "cooperatesWith", second, source.start, source.end, sentence, source.date,
                                     round(BASE_CONFIDENCE * 0.9, 2), trigger=f"joint {trigger}", inferred=True))
    return joint


_SUCCESSOR = re.compile(r"\b(predecessor|successor),?\s+(?:[A-Z][a-z]*\.?\s+)?$")


def succession(context, mentions: list[Mention], earlier: list[Finding]) -> list[Finding]:
    """"Noor Wali Mehsud, who took over after his predecessor, Mullah Fazlullah": the predecessor led what the
    possessor leads, until the possessor took over; a successor leads it from when the possessor's leadership ended."""
    findings: list[Finding] = []
    if "cessor" not in context.text[context.sentence.start:context.sentence.end]:
        return findings
    for mention in mentions:
        title = _SUCCESSOR.search(context.text, max(context.sentence.start, mention.start - 40), mention.start)
        if title is None or mention.kind == "anaphor":
            continue
        persons = [e for e in context.resolution.of(mention) if e.type == "Person"]
        owner = possessor_before(context.text, context.groups, title.start(), words=2)
        if not persons or owner is None:
            continue
        for holder in owner.entities(context.resolution):
            for led in [f for f in earlier if f.predicate == "leaderOf" and f.subject is holder]:
                start, _, end = (led.date or "").partition("/")
                if title.group(1) == "predecessor":
                    date = f"../{start}" if start and start != ".." else None
                else:
                    date = f"{end if end and end != '..' else start}/.." if (end and end != "..") or (start and start != "..") \
                        else None
                findings += [Finding(person, "leaderOf", led.object, mention.start, mention.end, context.index, date,
                                     BASE_CONFIDENCE, role="leader", trigger=f"title {title.group(1)}", inferred=True)
                             for person in persons if person is not led.object and person is not holder]
    return findings


_REMOVED_AFTER = re.compile(r"^[^;:]{0,40}?\b(?:was|were|had been|has been)\s+(?:\w+\s+)?(?:killed|arrested|captured|"
                            r"detained|ousted|overthrown|deposed|removed|replaced)\b|^[^;:]{0,40}?\b(?:died|resigned)\b")
_REMOVED_BEFORE = re.compile(r"\b(?:killed|arrested|captured|detained|ousted|overthrew|deposed|removed)\s+(?:its|their|the)\s+"
                             r"(?:\w+\s+)?$")


def role_ended(context, mention: Mention, title_start: int) -> bool:
    """Whether the clause tells the end of the person's role: "was arrested", "police killed its founder, X"."""
    after = context.text[mention.end:context.sentence.end]
    before = context.text[max(context.sentence.start, (title_start if title_start >= 0 else mention.start) - 40):
                          title_start if title_start >= 0 else mention.start]
    return bool(_REMOVED_AFTER.search(after) or _REMOVED_BEFORE.search(before))
