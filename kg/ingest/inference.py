"""Relations read from other findings and their wording rather than from one trigger.

- joint action: actors written as one subject of an armed action cooperate;
- succession: "his predecessor, X" / "his successor, X" leads what the possessor leads;
- ended roles: "its founder, X, was arrested in 2015" led it until then;
- an organisation "of" a person: "the Libyan National Army of Khalifa Haftar" is led by him;
- a signature: a name on its own line, then "Spokesperson, Ethiopian National Defense Force";
- a place's own armed group: "Lebanon's Hezbollah", "Somalia's militant al-Shabaab" operate there.

``context`` is the sentence context of :mod:`kg.ingest.relations` (text, sentence, its
index, coordinated groups and the resolution).
"""

from __future__ import annotations

import re

from kg.ingest.clauses import possessor_before
from kg.ingest.findings import BASE_CONFIDENCE, Finding
from kg.ingest.mentions import Mention
from kg.ingest.resolve import Entity

_ORGANISATIONS = frozenset({"MilitantGroup", "Government", "StateArmedForce", "GovernmentAgency", "IntergovernmentalOrganization",
                            "NonGovernmentalOrganization", "ResearchOrganization", "MediaOutlet"})
_LED_KINDS = frozenset({"MilitantGroup", "Government", "StateArmedForce"})
_SIGNATURE = re.compile(r"[ \t]*\n[ \t]*([A-Z][\w -]{1,40}?)[ \t]*,[ \t]*(?:the[ \t]+)?")
_HOME_WORDS = re.compile(r"\s+(?:(?:militant|jihadist|rebel|armed|insurgent|separatist|Islamist|powerful|largest|main|"
                         r"dominant|biggest|Shiite|Shia|Sunni|Shi'ite)\s+)?")
_OF_PERSON = re.compile(r"(?:\s*\([A-Z][\w&.-]*\))?\s+of\s+(?:[A-Z][a-z]*\.?\s+){0,2}")  # "… of (Colonel) X"

_CAPTURE = re.compile(r"\b(?:seized|captured|recaptured|retook|overran|taken)\b")


def joint_actions(findings: list[Finding]) -> list[Finding]:
    """"Rwandan and Mozambican troops have recaptured the town", "Ansar Dine and the MLF attacked …": actors
    written as one subject of an armed action act together, so they cooperate."""
    subjects: dict[tuple, list[Entity]] = {}
    for finding in findings:
        armed = finding.predicate in ("attacked", "atWarWith", "ousted") or (
            finding.predicate == "operatesIn" and _CAPTURE.search(finding.trigger) is not None)
        if armed and not finding.inferred and not finding.claimed_by and "**" not in finding.trigger \
                and finding.confidence >= BASE_CONFIDENCE:  # "attacks by groups, notably A and B": a list, not a joint act
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


_PARTNERED = re.compile(r"\b(?:coordination|cooperation|conjunction|partnership|jointly|alongside|together|help)\b")


def partners_act(findings: list[Finding]) -> list[Finding]:
    """"The ENDF, in coordination with the regional police, conducted operations against Fano": the partner named
    beside the subject of an armed action takes part in it; "TNLA fighters took Mogok with help from local PDF units":
    the partner was there too."""
    acting: dict[tuple[int, int], list[Finding]] = {}
    for f in findings:
        if f.predicate in ("attacked", "atWarWith", "operatesIn") and not f.inferred and not f.claimed_by:
            acting.setdefault((f.sentence, f.subject.index), []).append(f)
    shared = []
    for partnership in findings:
        if partnership.predicate != "cooperatesWith" or partnership.inferred or not _PARTNERED.search(partnership.trigger):
            continue
        for action in acting.get((partnership.sentence, partnership.subject.index), []):
            if partnership.object is action.object or action.predicate == "operatesIn" and "help" not in partnership.trigger:
                continue
            shared.append(Finding(partnership.object, action.predicate, action.object, action.start, action.end,
                                  action.sentence, action.date, round(action.confidence * 0.9, 2),
                                  trigger=f"partner {action.trigger}", inferred=True))
    return shared


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


def led_by_name(context) -> list[Finding]:
    """"The self-styled Libyan National Army of Khalifa Haftar", "the G-Pèp alliance of Gabriel Jean-Pierre": an armed
    group or government written with "of" and a person's name is that person's: he leads it."""
    findings = []
    for group, after in zip(context.groups, context.groups[1:]):
        if group.possessive or not _OF_PERSON.fullmatch(context.text, group.end, after.start):
            continue
        organisations = [e for e in group.entities(context.resolution)[-1:] if e.type in _LED_KINDS]
        persons = [e for e in after.entities(context.resolution)[:1] if e.type == "Person"]
        findings += [Finding(person, "leaderOf", organisation, group.start, after.end, context.index, None, BASE_CONFIDENCE,
                             role="leader", trigger="organisation of person", inferred=True)
                     for person in persons for organisation in organisations]
    return findings


def signatures(text: str, mentions: list[Mention], resolution, titles: dict[str, str | None]) -> list[Finding]:
    """A press release signed "Colonel X" over "Spokesperson, Ethiopian National Defense Force": X holds that role in it."""
    starts = {m.start: m for m in mentions}
    findings = []
    for mention in mentions:
        signature = _SIGNATURE.match(text, mention.end) if text.startswith("\n", mention.end) else None
        title = signature.group(1) if signature else ""
        relation = titles.get(title) or titles.get(title.lower())
        owner = starts.get(signature.end()) if signature and relation else None
        if owner is None or not text.startswith("\n", owner.end) and owner.end != len(text.rstrip()):
            continue
        findings += [Finding(person, relation, organisation, mention.start, owner.end, mention.sentence, None, BASE_CONFIDENCE,
                             role=title.lower(), trigger="signature")
                     for person in resolution.of(mention) if person.type == "Person"
                     for organisation in resolution.of(owner) if organisation.type in _ORGANISATIONS]
    return findings


def home_groups(context) -> list[Finding]:
    """"Lebanon's Hezbollah", "Nigeria's jihadist Boko Haram": an armed group owned by a place's name operates there."""
    findings = []
    for group, after in zip(context.groups, context.groups[1:]):
        if not group.possessive or not _HOME_WORDS.fullmatch(context.text, group.end, after.start):
            continue
        places = [e for e in group.entities(context.resolution)[-1:] if e.type in ("Country", "Region", "City")]
        armed = [e for e in after.entities(context.resolution)[:1] if e.type == "MilitantGroup"]
        findings += [Finding(actor, "operatesIn", place, group.start, after.end, context.index, None, BASE_CONFIDENCE,
                             trigger="place's group", inferred=True) for actor in armed for place in places]
    return findings
