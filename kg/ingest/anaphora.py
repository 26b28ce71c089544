"""Definite descriptions the entity stage leaves unread, pointed at the actors they take up.

Input: the text, its resolved mentions and the ``kg:anaphorNoun`` annotations of the ontology
(``ontology/lexicon-anaphora.ttl``). Output: new ``anaphor`` mentions with their antecedents
in the resolution, so that the relation patterns see "the cartel", "the Eritrean regime",
"these groups" or a communiqué's "The Authority" as the actors they stand for:

- a lower-case noun takes up the latest actor of its class whose name ends with the noun ("the
  cartel" → the Sinaloa Cartel), else the one actor of its class named in the last sentences
  (two or more: no guess); a nationality before it names the country's government ("the
  Eritrean regime"); a plural ("these groups", "both cartels") takes up the actors of the
  latest sentence that named two or more, a bare one ("the gangs") nothing;
- a capitalised noun ("The Authority", "the Commission") is the organisation whose name holds
  it, else the one it first stands beside ("the ECOWAS Authority", "the Authority of Heads of
  State … of the Economic Community of West African States"), and "the Government" with neither
  is the government of the country the document is about;
- a description the entity stage reads, right before "of" and a name ("the faction of the
  TPLF"), is that organisation, not the actor it took up before; one whose noun ends the name
  of an actor of the same class named before ("the alliance" after the Three Brotherhood
  Alliance) is that actor.

Runs after :func:`kg.ingest.resolve.resolve` and before the relation stage (one call in
:mod:`kg.ingest.pipeline`); the pronouns are then read again, with the descriptions as antecedents.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox

from kg.ingest.known import key_word
from kg.ingest.mentions import Mention
from kg.ingest.pronouns import take_up_anaphors
from kg.ingest.resolve import ORGANIZATIONS, Entity, Resolution, country_actor, document_country
from kg.ingest.segment import Sentence
from kg.ontology import ontology_graph, subclasses
from kg.vocab import KG_NS

#: How far back (in sentences) a description looks for its actor, and a plural for its actors.
_WINDOW = 6
_PLURAL_WINDOW = 3


@dataclass(frozen=True)
class Nouns:
    """The ``kg:anaphorNoun`` annotations: each noun's classes, and one pattern that finds them all."""

    classes: dict[str, tuple[str, ...]]
    pattern: re.Pattern | None


@cache
def nouns() -> Nouns:
    """The anaphor nouns of the ontology (cached: the ontology does not change while running)."""
    predicate = ox.NamedNode(KG_NS + "anaphorNoun")
    classes: dict[str, set[str]] = {}
    for triple in ontology_graph():
        if triple.predicate == predicate and isinstance(triple.subject, ox.NamedNode):
            classes.setdefault(triple.object.value, set()).update(subclasses(triple.subject.value.removeprefix(KG_NS)))
    if not classes:
        return Nouns({}, None)
    lower = sorted((n for n in classes if n.islower()), key=len, reverse=True)
    upper = sorted((n for n in classes if not n.islower()), key=len, reverse=True)
    alternatives = [r"(?P<det>[Tt]he|[Tt]hese|[Tt]hose|[Bb]oth)(?P<two>\s+two)?"
                    r"(?P<mods>(?:\s+(?!two\b)[A-Za-z][a-z]+(?:-[a-z]+)?){0,2}?)"
                    r"\s+(?P<noun>" + "|".join(map(re.escape, lower)) + r")"] if lower else []
    if upper:
        alternatives.append(r"[Tt]he\s+(?P<inst>" + "|".join(map(re.escape, upper)) + r")(?!\s+of\b|\s+[A-Z])")
    pattern = re.compile(r"\b(?:" + "|".join(alternatives) + r")(?P<poss>['’]s)?\b")
    return Nouns({n: tuple(sorted(c)) for n, c in classes.items()}, pattern)


def read_descriptions(text: str, sentences: list[Sentence], mentions: list[Mention], resolution: Resolution) -> None:
    """Add the descriptions of the text to ``mentions`` (kept in text order) with their antecedents."""
    table = nouns()
    if table.pattern is None or not mentions:
        return
    known_before = resolution.refers.copy()
    starts = [m.start for m in mentions]
    sentence_starts = [s.start for s in sentences]
    added: list[Mention] = []
    for match in table.pattern.finditer(text):
        start, end = match.span()
        at = bisect.bisect_left(starts, start)
        overlapping = [m for m in mentions[max(0, at - 3):at + 4] if m.start < end and start < m.end and m.kind != "demonym"]
        if match["inst"] and len(overlapping) == 1 and overlapping[0].name == match["inst"]:
            found = _institution(text, match, mentions, resolution)  # "The Authority" read as a name of its own
            if found:
                resolution.refers[id(overlapping[0])] = tuple(e.index for e in found)
            continue
        if overlapping:
            continue  # a name ("the Security Council"), or a description the entity stage reads
        sentence = max(0, bisect.bisect_right(sentence_starts, start) - 1)
        mention = Mention(start, end, text[start:end], "anaphor", sentence, refers=match.group().lower(),
                          possessive=bool(match["poss"]))
        found = _institution(text, match, mentions, resolution) if match["inst"] else \
            _described(text, match, mention, mentions, resolution)
        if found:
            resolution.refers[id(mention)] = tuple(e.index for e in found)
            added.append(mention)
    _of_named(text, mentions, resolution)
    _named_by_head(mentions, resolution)
    if added:
        covered = [(a.start, a.end) for a in added]
        mentions[:] = [m for m in mentions if not (m.kind == "demonym" and any(a <= m.start < b for a, b in covered))]
        mentions += added
        mentions.sort(key=lambda m: (m.start, -m.end))
    if added or resolution.refers != known_before:  # "It rejects …" after "The Authority condemns …"
        take_up_anaphors(text, mentions, resolution, pronouns_only=True)


def _classes(noun: str) -> tuple[str, ...]:
    return nouns().classes.get(noun, ())


def _described(text: str, match: re.Match, mention: Mention, mentions: list[Mention],
               resolution: Resolution) -> list[Entity]:
    noun = match["noun"]
    wanted = _classes(noun)
    modifiers = match["mods"].split()
    known = resolution.known
    countries = [known.demonyms.get(key_word(w)) for w in modifiers if w[:1].isupper()] if known is not None else []
    if any(w[:1].isupper() for w in modifiers):
        if len(countries) == 1 and countries[0] and "Government" in wanted:
            return [country_actor(resolution, countries[0], "Government")]  # "the Eritrean regime"
        return []  # "the Sinaloa cartel": a name the entity stage missed, not a description
    earlier = [(m, e) for m in mentions if m.end <= match.start() and mention.sentence - m.sentence <= _WINDOW
               for e in resolution.of(m) if e.type in wanted]
    if not earlier:
        return []
    if noun.endswith("s") and noun != "authorities":
        if match["det"].lower() == "the" and not match["two"]:
            return []  # "the gangs": all gangs, or some; "these gangs", "the two cartels" are the ones just named
        latest = max(m.sentence for m, _ in earlier)
        for sentence in range(latest, max(-1, latest - _PLURAL_WINDOW), -1):
            here: list[Entity] = []
            for m, e in earlier:
                if m.sentence == sentence and e not in here:
                    here.append(e)
            if len(here) >= 2:
                return here[:2] if match["two"] or match["det"].lower() == "both" else here
        return []
    named = [e for m, e in earlier if _headed_by(e, noun)]
    if named:
        return [named[-1]]
    candidates = {e.index for _, e in earlier}
    return [earlier[-1][1]] if len(candidates) == 1 else []  # "the junta" with two governments named: not guessed


def _institution(text: str, match: re.Match, mentions: list[Mention], resolution: Resolution) -> list[Entity]:
    """"The Authority": the organisation named with the noun, or the one the noun first stands beside."""
    noun = match["inst"]
    wanted = tuple(c for c in _classes(noun) if c in ORGANIZATIONS)
    holding = [e for m in mentions if m.start < match.start() for e in resolution.of(m)
               if e.type in wanted and noun in e.label.split()]
    if holding:
        return holding[-1:]
    for use in re.finditer(r"\b" + re.escape(noun) + r"\b", text):
        before = next((m for m in reversed(mentions) if m.end <= use.start()), None)
        if before is not None and text[before.end:use.start()].strip() == "":
            found = [e for e in resolution.of(before) if e.type in wanted]
            if found:
                return found[:1]  # "the ECOWAS Authority"
        stop = min((i for i in (text.find(". ", use.end()), text.find("\n", use.end())) if i >= 0), default=len(text))
        after = next((m for m in mentions if use.end() < m.start < stop and m.kind != "anaphor"), None)
        if after is not None and re.match(r"\s+of\s", text[use.end():]) and len(text[use.end():after.start].split()) <= 14:
            found = [e for e in resolution.of(after) if e.type in wanted]
            if found:
                return found[:1]  # "the Authority of Heads of State and Government of the Economic Community of …"
        if use.start() >= match.start():
            break
    country = document_country(text, resolution) if "Government" in wanted else None
    return [country_actor(resolution, country, "Government")] if country else []


_OF_NAME = re.compile(r"\s+of\s+(?:the\s+)?$")


def _headed_by(entity: Entity, noun: str) -> bool:
    """Whether the actor's name ends with the noun: "the alliance" can be the Three Brotherhood Alliance."""
    return entity.label.lower().rsplit(" ", 1)[-1] == noun


def _named_by_head(mentions: list[Mention], resolution: Resolution) -> None:
    """"The alliance, made up of the MNDAA, …": a description the entity stage read takes up the latest actor whose
    name ends with its noun, where one of the same class was named and the actor it took up has another name."""
    latest: dict[str, Entity] = {}
    for mention in mentions:
        entities = resolution.of(mention)
        if mention.kind != "anaphor":
            for entity in entities:
                if entity.type in ORGANIZATIONS:
                    latest[entity.label.lower().rsplit(" ", 1)[-1]] = entity
            continue
        words = (mention.refers or "").split()
        if len(entities) != 1 or len(words) < 2 or words[0] != "the" or words[-1] not in latest:
            continue
        named = latest[words[-1]]
        if not _headed_by(entities[0], words[-1]) and named is not entities[0] and named.type == entities[0].type:
            resolution.refers[id(mention)] = (named.index,)


def _of_named(text: str, mentions: list[Mention], resolution: Resolution) -> None:
    """"the faction of the TPLF", "the armed wing of Hezbollah": a description the entity stage read is the organisation
    named right after its "of", not the actor it took up before."""
    for mention, following in zip(mentions, mentions[1:]):
        if mention.kind == "anaphor" and (mention.refers or "").startswith("the ") and not mention.possessive \
                and following.kind != "anaphor" and _OF_NAME.fullmatch(text, mention.end, following.start):
            owners = [e for e in resolution.of(following) if e.type in ORGANIZATIONS]
            if owners:
                resolution.refers[id(mention)] = (owners[0].index,)
