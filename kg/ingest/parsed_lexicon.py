"""The words of the parse stage, read from the ontology (syntax at the top of ``ontology/lexicon-parse.ttl``).

Input: the ontology triples — ``kg:parseFrame``, ``kg:parseNoun``, ``kg:parseCarrier``, ``kg:parseCompanion``,
``kg:parseWhere``, ``kg:parseIntent``, ``kg:parseAspect``, ``kg:parseDenial``, ``kg:parseInclusion``,
``kg:parseOwned``, ``kg:parseNamedOf``, ``kg:parseFacility`` and ``kg:nerLabel``, plus the rule
lexicon's plain
``kg:trigger`` templates ("S verb~ O", "S verb~ word O") and the one- and two-word
``kg:title`` nouns of relations, so that a word is written once.
Output: :class:`ParseLexicon`, frames indexed by verb, relation nouns and carrier nouns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

import pyoxigraph as ox

from kg.ingest.lexicon import lexicon
from kg.ontology import ontology_graph
from kg.vocab import KG_NS

_FRAME = ox.NamedNode(KG_NS + "parseFrame")
_NOUN = ox.NamedNode(KG_NS + "parseNoun")
_CARRIER = ox.NamedNode(KG_NS + "parseCarrier")
_INTENT = ox.NamedNode(KG_NS + "parseIntent")
_ASPECT = ox.NamedNode(KG_NS + "parseAspect")
_WHERE = ox.NamedNode(KG_NS + "parseWhere")
_TRIGGER = ox.NamedNode(KG_NS + "trigger")
_TITLE = ox.NamedNode(KG_NS + "title")
_NER = ox.NamedNode(KG_NS + "nerLabel")
_COMPANION = ox.NamedNode(KG_NS + "parseCompanion")
_DENIAL = ox.NamedNode(KG_NS + "parseDenial")
_INCLUSION = ox.NamedNode(KG_NS + "parseInclusion")
_OWNED = ox.NamedNode(KG_NS + "parseOwned")
_NAMED_OF = ox.NamedNode(KG_NS + "parseNamedOf")
_FACILITY = ox.NamedNode(KG_NS + "parseFacility")
_SLOT = re.compile(r"(S|O)(?:\[(\w+)\])?")
#: A word of a template the parse can compare: letters, alternatives, the lemma mark; no gap, option or glue.
_PLAIN_WORD = re.compile(r"[a-z'|_]+~?(?:\|[a-z'_]+~?)*")


@dataclass(frozen=True)
class Frame:
    """A verb frame: the verb, the path from it to the right slot, and which slot is the verb's subject."""

    relation: str
    verbs: frozenset[str]
    path: tuple[frozenset[str], ...]
    #: "S" when the verb's subject is the relation's subject, "O" when it is its object, "&" when its coordinated
    #: subjects relate to each other.
    left: str
    left_class: str | None
    right_class: str | None


@dataclass
class ParseLexicon:
    frames: dict[str, list[Frame]] = field(default_factory=dict)
    #: Relation noun → (relation, the prepositions that bring its object).
    nouns: dict[str, list[tuple[str, frozenset[str]]]] = field(default_factory=dict)
    #: The relation nouns' words (one-word nouns and the head words of two-word titles).
    noun_words: frozenset[str] = frozenset()
    carriers: frozenset[str] = frozenset()
    #: Carrier nouns by the class they stand for ("troops": a state's force, "region": a place), beside a nationality
    #: ("Turkish drones", "the Turkish state") or a name ("the Bari region").
    carrier_classes: dict[str, str] = field(default_factory=dict)
    #: Phrases before an actor that join it to another in the act ("together with", "alongside") → the relation between them.
    companions: dict[tuple[str, ...], str] = field(default_factory=dict)
    intent_verbs: frozenset[str] = frozenset()
    aspect_verbs: frozenset[str] = frozenset()
    #: Verbs whose clause is denied, not said ("Rwanda denies arming the group") (kg:parseDenial).
    denials: frozenset[str] = frozenset()
    #: Verbs whose objects are the holders of the relation noun that is their subject ("its commanders include X").
    inclusion_verbs: frozenset[str] = frozenset()
    #: (relation, class): a name of the class after an actor's possessive stands in the relation to it ("its Amaq News
    #: Agency": publishedBy) (kg:parseOwned).
    owned: list[tuple[str, str]] = field(default_factory=list)
    #: (relation, class): a name of the class, "of" another name of the class, stands in the relation to it ("the Special
    #: Service Group of the Pakistan Army": memberOf) (kg:parseNamedOf).
    named_of: list[tuple[str, str]] = field(default_factory=list)
    #: Relation → the relation read when it is only intended (kg:intentReading).
    intent: dict[str, str] = field(default_factory=dict)
    #: Verbs of attribution ("said", "claimed"), from kg:claimedBy's "S verb …" templates.
    claim_verbs: frozenset[str] = frozenset()
    domains: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: Relation to places → (the subject's class, the prepositions that bring the place where it acts) (kg:parseWhere).
    where: dict[str, list[tuple[str, frozenset[str]]]] = field(default_factory=dict)
    #: Nouns of sites: a recognised person's or organisation's name right before one is the site's ("the Litoral prison").
    facilities: frozenset[str] = frozenset()
    #: A named-entity label of spaCy's → the class of a name it marks that the rules leave untyped (kg:nerLabel).
    ner_classes: dict[str, str] = field(default_factory=dict)


def _words(alternatives: str) -> frozenset[str]:
    """"attack~|overran" → {"attack", "overran"}: a lemma or a form, compared with both."""
    return frozenset(a.rstrip("~").replace("_", " ").lower() for a in alternatives.split("|") if a.rstrip("~"))


def parse_frame(relation: str, text: str) -> Frame | None:
    """``S VERBS [WORD …] O`` (or with O first, or ``S and O VERBS``) as a :class:`Frame`; None for a template the parse
    cannot read."""
    tokens = text.split()
    if len(tokens) == 4 and tokens[:3] == ["S", "and", "O"] and _PLAIN_WORD.fullmatch(tokens[3]):
        return Frame(relation, _words(tokens[3]), (), "&", None, None)
    if len(tokens) < 3:
        return None
    left, right = _SLOT.fullmatch(tokens[0]), _SLOT.fullmatch(tokens[-1])
    if not left or not right or left[1] == right[1]:
        return None
    middle = tokens[1:-1]
    if not all(_PLAIN_WORD.fullmatch(w) for w in middle):
        return None
    return Frame(relation, _words(middle[0]), tuple(_words(w) for w in middle[1:]), left[1], left[2], right[2])


def _noun_entry(text: str) -> tuple[frozenset[str], frozenset[str]] | None:
    """"branch|wing of O" → ({branch, wing}, {of})."""
    tokens = text.split()
    if len(tokens) != 3 or tokens[2] != "O":
        return None
    return _words(tokens[0]), _words(tokens[1])


@cache
def parse_lexicon() -> ParseLexicon:
    """The parse stage's words (cached: the ontology does not change while running)."""
    rules = lexicon()
    result = ParseLexicon(intent=dict(rules.intent), domains=dict(rules.domains))
    frames: list[Frame] = []
    carriers: set[str] = set()
    intent: set[str] = set()
    aspect: set[str] = set()
    claims: set[str] = set()
    for triple in ontology_graph():
        subject = triple.subject
        if not isinstance(subject, ox.NamedNode) or not subject.value.startswith(KG_NS):
            continue
        name, value = subject.value[len(KG_NS):], triple.object.value
        if triple.predicate == _FRAME or triple.predicate == _TRIGGER and name in result.domains:
            frame = parse_frame(name, value)
            if frame is not None:
                frames.append(frame)
        elif triple.predicate == _TRIGGER and name == "claimedBy" and value.startswith("S "):
            first = value.split()[1]
            if _PLAIN_WORD.fullmatch(first):
                claims |= _words(first)
        elif triple.predicate == _NOUN:
            entry = _noun_entry(value)
            if entry is not None:
                for noun in entry[0]:
                    result.nouns.setdefault(noun, []).append((name, entry[1]))
        elif triple.predicate == _TITLE and name in result.domains and re.fullmatch(r"[A-Za-z-]+(?: [A-Za-z-]+)?", value):
            result.nouns.setdefault(value.lower(), []).append((name, frozenset({"of", "for"})))
        elif triple.predicate == _CARRIER:
            carriers |= _words(value)
            if name != "Actor":
                result.carrier_classes.update(dict.fromkeys(_words(value), name))
        elif triple.predicate == _COMPANION:
            result.companions.update({tuple(w.split()): name for w in _words(value)})
        elif triple.predicate == _WHERE and (where := re.fullmatch(r"S\[(\w+)\] (\S+)", value)):
            result.where.setdefault(name, []).append((where[1], _words(where[2])))
        elif triple.predicate == _NER:
            result.ner_classes[value] = name
        elif triple.predicate == _INTENT:
            intent |= _words(value)
        elif triple.predicate == _ASPECT:
            aspect |= _words(value)
        elif triple.predicate == _DENIAL:
            result.denials |= _words(value)
        elif triple.predicate == _INCLUSION:
            result.inclusion_verbs |= _words(value)
        elif triple.predicate == _OWNED:
            result.owned.append((name, value))
        elif triple.predicate == _NAMED_OF:
            result.named_of.append((name, value))
        elif triple.predicate == _FACILITY:
            result.facilities |= _words(value)
    for frame in frames:
        for verb in frame.verbs:
            result.frames.setdefault(verb, []).append(frame)
    for noun, entries in result.nouns.items():
        result.nouns[noun] = list(dict.fromkeys(entries))
    result.noun_words = frozenset(noun.split()[-1] for noun in result.nouns)
    result.carriers = frozenset(carriers)
    result.intent_verbs = frozenset(intent)
    result.aspect_verbs = frozenset(aspect)
    result.claim_verbs = frozenset(claims)
    return result
