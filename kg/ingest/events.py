"""Events and figures (stage 6 of ingest).

Input: sentences, resolved mentions, relation findings and times. Output: :class:`Event`
records — coups, attacks, statements, reports, protests, states of emergency (their
trigger words come from the ontology's lexicon) with time, places, agents and targets —
and :class:`Figure` records: casualty and attack counts with the qualifier the text
gives ("more than 456", "at least seven", "hundreds more"), the victims counted, the
period and whose tally it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.ingest.clauses import Clauses, Group, groups_of, object_after
from kg.ingest.dates import TimeExpression
from kg.ingest.lexicon import Template, first_letters
from kg.ingest.mentions import Mention
from kg.ingest.relations import Finding
from kg.ingest.resolve import Entity, Resolution, is_actor, is_place
from kg.ingest.segment import Sentence, items_by_sentence
from kg.ontology import event_types

WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "a hundred": 100, "a dozen": 12,
}
VAGUE = ("dozens", "hundreds", "thousands", "scores", "millions")
MEASURES = {"killed": "killed", "dead": "killed", "died": "killed", "killing": "killed", "deaths": "killed", "kill": "killed",
            "injured": "injured", "wounded": "injured", "hurt": "injured", "wounding": "injured", "injuring": "injured",
            "attacks": "attacks"}
_NUMBER = (r"(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?(?:\s+million)?|" + "|".join(sorted(WORD_NUMBERS, key=len, reverse=True))
           + "|" + "|".join(VAGUE) + ")")
_QUALIFIERS = ("at least|more than|over|nearly|almost|about|around|roughly|some|up to|fewer than|less than|as many as|"
               "an estimated|approximately|between").split("|")
_QUALIFIER = r"(?:(?P<qual>" + "|".join(_QUALIFIERS) + r")\s+)?"
#: Where a count can begin: a digit, or the first letter of a qualifier, number word or vague number.
_COUNT_START = r"(?=\d|" + first_letters((*_QUALIFIERS, *WORD_NUMBERS, *VAGUE)) + ")"
_VICTIMS = r"(?:\s+(?P<victims>(?:[A-Z][a-z]+\s+)?(?:[a-z]+\s+)?(?:people|civilians|soldiers|troops|militants|insurgents|" \
           r"fighters|Afghans|Somalis|Nigerians|Syrians|Yemenis|policemen|police officers|officers|children|women|" \
           r"workers|service members|members|jihadists|gunmen|attackers|villagers|residents|Christians|Muslims)))?"
FIGURE_PATTERNS = (
    re.compile(_COUNT_START + r"\b" + _QUALIFIER + _NUMBER + r"(?P<more>\s+more)?" + _VICTIMS
               + r"(?:\s+(?:were|have been|had been|was|are))?(?:\s+(?:reportedly|also|allegedly))?\s+"
               r"(?P<measure>killed|dead|died|injured|wounded|hurt)\b", re.IGNORECASE),
    re.compile(r"\b(?P<measure>killing|killed|kill|wounding|injuring|wounded|injured)\s+" + _QUALIFIER + _NUMBER + _VICTIMS
               + r"\b", re.IGNORECASE),
    re.compile(r"\b(?:launched|carried out|conducted|staged|claimed)\s+" + _QUALIFIER + _NUMBER + r"\s+(?P<measure>attacks)\b",
               re.IGNORECASE),
)
#: The measure words the first figure pattern ends with.
_DEATH_OR_WOUND = re.compile(r"(?=[dhikw])(?:killed|dead|died|injured|wounded|hurt)\b", re.IGNORECASE)
_DATELINE = re.compile(r"\s[—–]\s")
_MEASURE_WORD = re.compile(r"(?<!\w)(?=[adhikwADHIKW])\b(?:kill|dead|died|death|injur|wound|hurt|attacks)", re.IGNORECASE)
TALLY = re.compile(r"\b(?:according to|a tally of|data from|figures from|tally by|said|says|estimated)\b", re.IGNORECASE)
NEUTRAL = frozenset({"NonGovernmentalOrganization", "IntergovernmentalOrganization", "ResearchOrganization", "GovernmentAgency",
                     "MediaOutlet"})


@dataclass
class Event:
    type: str
    start: int
    end: int
    sentence: int
    date: str | None = None
    places: list[Entity] = field(default_factory=list)
    agents: list[Entity] = field(default_factory=list)
    targets: list[Entity] = field(default_factory=list)
    confidence: float | None = None
    trigger: str = ""
    dateline: list[Entity] = field(default_factory=list)

    @property
    def label(self) -> str:
        where = f" in {self.places[0].label}" if self.places else ""
        when = f", {self.date}" if self.date else ""
        kind = re.sub(r"(?<!^)([A-Z])", r" \1", self.type).lower().capitalize()
        return f"{kind}{where}{when}"


@dataclass
class Figure:
    measure: str
    start: int
    end: int
    sentence: int
    count: int | None = None
    qualifier: str | None = None
    victims: str | None = None
    date: str | None = None
    places: list[Entity] = field(default_factory=list)
    agents: list[Entity] = field(default_factory=list)
    tally_by: Entity | None = None
    figure_of: Event | None = None
    confidence: float | None = None

    @property
    def type(self) -> str:
        return "CasualtyFigure" if self.measure in ("killed", "injured") else "Figure"


def _count(text: str) -> tuple[int | None, str | None]:
    word = text.lower()
    if word in VAGUE:
        return None, word
    if word in WORD_NUMBERS:
        return WORD_NUMBERS[word], None
    if word.endswith(" million"):
        return int(float(word.split()[0]) * 1_000_000), None
    try:
        return int(float(word.replace(",", ""))), None
    except ValueError:
        return None, None


def find_events(text: str, sentences: list[Sentence], mentions: list[Mention], resolution: Resolution,
                times: list[TimeExpression], findings: list[Finding], matches: list[list[tuple[Template, int, int]]],
                hedged: set[int], groups: list[list[Group]] | None = None) -> tuple[list[Event], list[Figure]]:
    """Events and figures sentence by sentence; a figure belongs to an attack in its sentence or the one before.

    ``matches`` are each sentence's trigger matches (:func:`kg.ingest.relations.trigger_matches`).
    """
    kinds = event_types()
    by_sentence: dict[int, list[Mention]] = {}
    for mention in mentions:
        by_sentence.setdefault(mention.sentence, []).append(mention)
    events: list[Event] = []
    figures: list[Figure] = []
    carried = None
    times_of = items_by_sentence(sentences, times)
    findings_of: dict[int, list[Finding]] = {}
    for finding in findings:
        findings_of.setdefault(finding.sentence, []).append(finding)
    measured = items_by_sentence(sentences, list(_MEASURE_WORD.finditer(text)), start=lambda m: m.start())
    for index, sentence in enumerate(sentences):
        local_times = times_of.get(index, [])
        triggered = _event_triggers(matches[index], kinds)
        if not triggered and index not in measured:
            if local_times:
                carried = local_times[0].value
            continue  # no event words and no figures: nothing to read here
        here = groups[index] if groups is not None else groups_of(text, by_sentence.get(index, []), resolution)
        entities = [e for g in here for e in g.entities(resolution)]
        places = [e for e in entities if is_place(e)]
        date = local_times[0].value if local_times else carried
        sentence_findings = findings_of.get(index, [])
        for kind, start, end in triggered:
            if text[sentence.end - 1:sentence.end] not in ".!?\"”’":
                continue  # headlines and captions repeat what the body says
            dash = _DATELINE.search(text, sentence.start, min(sentence.end, sentence.start + 60))
            dateline = [e for g in here if dash and g.end <= dash.start() for e in g.entities(resolution)]
            event = Event(kind, sentence.start, sentence.end, index, date, [p for p in places if p not in dateline],
                          trigger=text[start:end], dateline=dateline)
            _participants(event, text, here, resolution, sentence, start, end, sentence_findings)
            event.confidence = 0.7 if index in hedged else None
            if _worth_keeping(event, events, bool(local_times)):
                events.append(event)
        for figure in _figures(text, sentence, index, date, places, entities) if index in measured else ():
            figure.figure_of = next((e for e in reversed(events) if e.type == "Attack" and index - e.sentence <= 1), None)
            figure.confidence = 0.7 if index in hedged else None
            figures.append(figure)
        if local_times:
            carried = local_times[0].value
    return events, figures


def located_by_events(events: list[Event], findings: list[Finding], text: str | None = None) -> list[Finding]:
    """The agents of an attack operate where it happened ("al-Shabaab gunmen stormed the Hayat Hotel in Mogadishu"),
    and, given the ``text``, so do those who claimed it."""
    have = {(f.subject.index, f.object.index) for f in findings if f.predicate == "operatesIn"}
    attackers = {(f.subject.index, f.sentence) for f in findings if f.predicate == "attacked"}
    found = []
    for event in events:
        if event.type != "Attack":
            continue
        for agent in event.agents:
            if (agent.index, event.sentence) not in attackers and not (
                    agent.type == "MilitantGroup" and event.trigger.lower().endswith("ed")):
                continue  # only who is said to have carried it out
            for place in event.places:
                if (agent.index, place.index) not in have and place.type != "Country" and place not in event.dateline:
                    have.add((agent.index, place.index))
                    found.append(Finding(agent, "operatesIn", place, event.start, event.end, event.sentence, event.date,
                                         0.8, trigger="attack event", inferred=True))
    return found + (_claimed(events, findings, text, have) if text else [])


_CLAIMED = re.compile(r"\bclaim(?:ed|s)?\s+(?:responsibility\s+for\s+)?(?:the|Monday's|Tuesday's|Wednesday's|Thursday's|"
                      r"Friday's|Saturday's|Sunday's|yesterday's)\s+(?:\w+\s+)?(?:attack|bombing|assault|raid|ambush|"
                      r"siege|blast|massacre|strike)\b")


def _claimed(events: list[Event], findings: list[Finding], text: str, have: set[tuple[int, int]]) -> list[Finding]:
    """"JNIM claimed the attack", "a commander of Jamaat-ul-Ahrar claimed responsibility": the article's attack (its
    first, the one its lead tells) happened where the claimant operates — on the claimant's word. A person's claim is
    his group's (the group he is a member, leader or spokesman of)."""
    attacks = [e for e in events if e.type == "Attack" and (e.places or e.dateline)]
    if not attacks:
        return []
    first = attacks[0]
    places = [p for p in first.places or first.dateline if p.type in ("City", "Region")]
    groups = {f.subject.index: f.object for f in findings if f.predicate in ("memberOf", "leaderOf", "spokespersonOf")}
    found = []
    for event in events:
        claim = _CLAIMED.search(text, event.start, event.end)
        if claim is None or event.sentence <= first.sentence:
            continue
        for agent in event.agents:
            claimant = groups.get(agent.index, agent) if agent.type == "Person" else agent
            for place in places:
                if claimant.type == "MilitantGroup" and (claimant.index, place.index) not in have:
                    have.add((claimant.index, place.index))
                    found.append(Finding(claimant, "operatesIn", place, claim.start(), claim.end(), event.sentence,
                                         first.date, 0.8, [agent] if agent is claimant else [agent, claimant],
                                         trigger="claimed attack", inferred=True))
    return found


def _worth_keeping(event: Event, events: list[Event], dated_here: bool) -> bool:
    """An event the text tells something of, and not one already recorded.

    A coup, protest or state of emergency mentioned again ("the coup has since drawn…") is
    the one already recorded unless its time differs; an attack needs an actor or its own
    time, so that "attacks" in general are not an event.
    """
    for earlier in events:
        if earlier.type == event.type and event.type in ("Coup", "Protest", "StateOfEmergency") and (
                event.date is None or earlier.date is None or event.date == earlier.date or not dated_here):
            for role in ("places", "agents", "targets"):
                for entity in getattr(event, role):
                    if entity not in getattr(earlier, role):
                        getattr(earlier, role).append(entity)
            earlier.date = earlier.date or event.date
            return False
    if event.type == "Attack":
        return bool(event.agents or event.targets) or dated_here
    return True


def _event_triggers(matches: list[tuple[Template, int, int]], kinds: frozenset[str]) -> list[tuple[str, int, int]]:
    """The first trigger of each event class in the sentence."""
    found: dict[str, tuple[int, int]] = {}
    for template, start, end in matches:
        if template.target in kinds and template.target not in found:
            found[template.target] = (start, end)
    return [(kind, start, end) for kind, (start, end) in found.items()]


def _participants(event: Event, text: str, groups, resolution: Resolution, sentence: Sentence, start: int, end: int,
                  findings: list[Finding]) -> None:
    kinds = {"Attack": ("attacked",), "Coup": ("ousted",), "Statement": ("threatens", "criticizes"), "Report": ("criticizes",)}
    for finding in findings:
        if finding.predicate in kinds.get(event.type, ()):
            if finding.subject not in event.agents:
                event.agents.append(finding.subject)
            if finding.object not in event.targets and is_actor(finding.object):
                event.targets.append(finding.object)
    if not event.agents:
        group = Clauses(text, sentence.start, sentence.end, groups).subject(start)
        if group is not None:
            event.agents = [e for e in group.entities(resolution) if is_actor(e)]
    if event.type == "Attack" and not event.targets:
        group = object_after(text, groups, end, sentence.end, words=4)
        if group is not None:
            event.targets = [e for e in group.entities(resolution) if is_actor(e) and e not in event.agents]


def _figures(text: str, sentence: Sentence, index: int, date: str | None, places: list[Entity],
             entities: list[Entity]) -> list[Figure]:
    found: list[Figure] = []
    taken: list[tuple[int, int]] = []
    body = text[sentence.start:sentence.end]  # a measure word is in it: the caller has found one
    for pattern in FIGURE_PATTERNS:
        if pattern is FIGURE_PATTERNS[0] and not _DEATH_OR_WOUND.search(body):
            continue  # its measure word is not in the sentence: the scan for a count before one would find nothing
        for match in pattern.finditer(body):
            start, end = sentence.start + match.start(), sentence.start + match.end()
            if any(a < end and start < b for a, b in taken):
                continue
            count, vague = _count(match.group("num"))
            if count is not None and 1900 <= count <= 2100 and "," not in match.group("num"):
                continue  # a year, not a count
            qualifier = (match.group("qual") or vague or ("more" if "more" in (match.groupdict().get("more") or "") else None))
            if vague and match.groupdict().get("more"):
                qualifier = vague
            taken.append((start, end))
            tally = _tally(text, sentence, entities)
            measure = MEASURES[match.group("measure").lower()]
            agents = [e for e in entities if e.type == "MilitantGroup"] if measure == "attacks" else []
            found.append(Figure(measure, sentence.start, sentence.end, index, count, qualifier and qualifier.lower(),
                                match.groupdict().get("victims"), date, places[:3], agents, tally))
    return found


def _tally(text: str, sentence: Sentence, entities: list[Entity]) -> Entity | None:
    body = text[sentence.start:sentence.end]
    if not TALLY.search(body):
        return None
    neutral = [e for e in entities if e.type in NEUTRAL]
    return neutral[-1] if neutral else None
