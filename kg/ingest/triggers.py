"""Reading one sentence's relation triggers (stage 5 of ingest, the part :mod:`kg.ingest.relations` calls per sentence).

Input: a sentence's trigger matches (templates of the ontology's lexicon), its coordinated
groups and clauses. Output: :class:`Finding` records for each trigger whose argument places
hold actors of the classes the relation's ``rdfs:domain`` and ``rdfs:range`` name (a country
acting is its government), read for negation ("did not", "ruled out" cancel it), intent
("will", "vowed to" turn an attack into a threat), hedges and modals (lower confidence), time
and the places the actors act in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache

from kg.ingest.clauses import Clauses, Group, eligible_subject, object_after, possessor_before
from kg.ingest.dates import TimeExpression
from kg.ingest.findings import BASE_CONFIDENCE, Finding
from kg.ingest.known import key_word
from kg.ingest.lexicon import Lexicon, Slot, Template
from kg.ingest.nouns import between_pair, carried_subject
from kg.ingest.resolve import Entity, Resolution, country_actor, document_country, is_place
from kg.ingest.segment import Sentence
from kg.ingest.slots import acting_as, fits, fits_kind, shared_class, titled_name
from kg.ingest.whereabouts import CLAUSE_BREAK, OPENING, located, war_place, where_place
from kg.ontology import relations

NEGATION = re.compile(r"(?=[dnrw])\b(?:not|no|never|neither|nor|n't|ruled out|rules out|rule out|denied|denies|deny|refused to|"
                      r"without|rejected)\b", re.IGNORECASE)
INTENT = re.compile(r"(?=[giopstvw])\b(?:(?:will|would|shall)(?!\s+(?:keep|continue|remain|still))|vow(?:ed|s)? to|"
                    r"threaten(?:ed|s)? to|"
                    r"pledge(?:d|s)? to|promise(?:d|s)? to|plan(?:s|ned)? to|intend(?:s|ed)? to|going to|ordered\b.*\bto|"
                    r"warned)\b", re.IGNORECASE)
MODAL = re.compile(r"(?=[cm])\b(?:could|might|may)\b", re.IGNORECASE)
INCHOATIVE = re.compile(r"\b(?:start|began|begun|begin|launch|pledge|swore|sworn|swear|emerge|founded|took over)",
                        re.IGNORECASE)
TERMINATIVE = re.compile(r"(?:left|quit|withdrew|exited|leaves|leaving)\b", re.IGNORECASE)


@dataclass
class Context:
    text: str
    sentence: Sentence
    index: int
    groups: list[Group]
    resolution: Resolution
    lexicon: Lexicon
    times: list[TimeExpression]
    carried: str | None
    matches: list[tuple[Template, int, int]] = field(default_factory=list)
    clauses: Clauses | None = None


# ---------------------------------------------------------------- triggers


_WORD = re.compile(r"[\w’']+")
_NOUN_BEFORE = re.compile(r"(?:\b(?:the|a|an|its|their|his|her|our|material|financial|military|logistical|political|"
                          r"full|strong|continued|any)|['’]s)\s+$", re.IGNORECASE)


def trigger_matches(text: str, sentence: Sentence, lexicon: Lexicon,
                    words: list[tuple[int, str]] | None = None) -> list[tuple[Template, int, int]]:
    """Every template of the lexicon that matches in the sentence: (template, start, end).

    ``words`` are the sentence's (start, lower-case word) pairs, if already known.
    """
    found = []
    if words is None:
        words = [(w.start(), w.group().lower()) for w in _WORD.finditer(text, sentence.start, sentence.end)]
    for start, word in words:
        candidates = lexicon.templates.get(word)
        if not candidates or not lexicon.any_template[word].match(text, start):
            continue
        nominal = None
        for template in candidates:
            if template.glued and text[start - 1:start] != "-":
                continue
            if template.verbal:
                if nominal is None:
                    nominal = bool(_NOUN_BEFORE.search(text, max(sentence.start, start - 12), start))
                if nominal:
                    continue
            match = template.pattern.match(text, start)
            if match and match.end() <= sentence.end:
                found.append((template, start, match.end()))
    return found


def read_triggers(context: Context) -> list[Finding]:
    """Findings of the sentence's triggers, longest first: words a longer phrase used read no second time."""
    findings: list[Finding] = []
    used: list[tuple[int, int, str]] = []
    ordered = sorted(context.matches, key=lambda m: (-(m[2] - m[1]), m[1]))
    names = [(m.start, m.end) for g in context.groups for m in g.items if m.kind != "anaphor"]
    for template, start, end in ordered:
        if template.target not in relations():
            continue
        if any(a <= start and end <= b and (kind == "operatesIn") == (template.target == "operatesIn") for a, b, kind in used):
            continue  # where an actor is and what it does are read from the same words independently
        if any(a <= start < b for a, b in names):
            continue  # "Crisis Group", "Liberation Front": the word is part of a name
        produced = _apply(context, template, start, end)
        if produced:
            used.append((start, end, template.target))
            findings += produced
    return findings


def slot_entities(group: Group | None, slot: Slot | None, cls: str, context: Context) -> list[Entity]:
    if group is None:
        return []
    wanted = slot.cls if slot and slot.cls else cls
    found = []
    members = group.entities(context.resolution)
    shared = shared_class(members, wanted) if slot is not None and not slot.cls else None
    for entity in members:
        if entity.type is None and slot is not None and (slot.cls or shared) and not _nationality(entity, context):
            entity.type = slot.cls or shared  # "X pledged allegiance to Y": both are armed groups
        role = acting_as(entity, wanted, context.resolution)
        if role is not None and role not in found:
            found.append(role)
    return found


def _apply(context: Context, template: Template, start: int, end: int) -> list[Finding]:
    text, groups = context.text, context.groups
    domain, range_ = context.lexicon.domains[template.target]
    limit = context.sentence.end
    left_slots = template.left
    if "respectively" in text[end:limit]:
        paired = _respectively(context, template, start, end)
        if paired is not None:
            return paired
    pairs: list[tuple[Entity, Entity]] = []
    spans: list[int] = [start, end]
    if template.mutual:
        if left_slots and _INFINITIVE.match(text, start):  # "called on the SAF and the RSF to cease hostilities"
            group = _urged(context, start)
        else:
            group = (carried_subject(context, start) or context.clauses.subject(start)) if left_slots \
                else object_after(text, groups, end, limit)  # "A and B fought each other … but have been allies": A and B
        members = slot_entities(group, left_slots[0] if left_slots else template.right, domain, context)
        if len(members) < 2 and not left_slots and text[start:end].lower().endswith("between"):
            group = between_pair(text, groups, end, limit)  # "fighting between A, the faction led by …, and B"
            members = slot_entities(group, template.right, domain, context)
        if group is None or len(members) < 2:
            return []
        spans += [group.start, group.end]
        pairs = [(a, b) for i, a in enumerate(members) for b in members[i + 1:]]
    else:
        subject_group = object_group = None
        for slot in left_slots:
            if slot.earlier:
                continue
            if slot.inner:
                wanted = domain if slot.role == "S" else range_
                found = next((g for g in groups if start <= g.start and g.end <= end and slot.possessive == g.possessive
                              and (fits_kind("Place", wanted) or not _places_only(g, context))
                              and not _GLUED_MODIFIER.match(text, g.end)),
                             None)  # "added him to its sanctions list": him, not its; "fighting in Catatumbo pitted X": X;
                # "attacks by the Iran-aligned movement on": not Iran
            elif template.glued and slot is left_slots[0]:
                found = next((Group(g.items[-1:]) for g in groups if g.end == start - 1), None)  # "al-Qaeda-aligned"
            elif slot is left_slots[0] and template.adjacent and not template.verbal and _adjacent_before(text, groups, start):
                found = _adjacent_before(text, groups, start)  # "ISIS militants in West Africa"
                if slot.role == "O" and _PASSIVE_BY.search(text, start, end):
                    found = _unit_head(context, found)
            elif slot.possessive:
                found = possessor_before(text, groups, start, words=4 if template.pattern else 6)
            elif slot is left_slots[0] and slot.role == "O" and _PASSIVE_BY.search(text, start, end) \
                    and _noun_before(context, start) is not None:
                found = _noun_before(context, start)  # "the SAF, led by General al-Burhan, and the RSF": the SAF
            elif slot is left_slots[0] and _apposition_template(template.text):
                head = [g for g in groups if g.end <= start and _APPOSED_TO.fullmatch(text, g.end, start)]
                apposed = _COMMA_BEFORE.search(text, max(0, start - 3), start)  # not "working with the faction of"
                found = head[-1] if head else context.clauses.subject(start) if apposed else None  # "X, another PMF faction"
            else:
                outer = template.outer
                found = context.clauses.subject(start) if slot is outer[0] or len(outer) == 1 else None
                if slot.role == "S" and template.verbal or slot.role == "O" and _passive_template(template.text):
                    found = carried_subject(context, start) or found  # "X, which …, regards Y as … and has fought Z"
            if slot.role == "S":
                subject_group = found
            else:
                object_group = found
            if slot.inner and found is None:
                return []
        if template.right is not None:
            found = titled_name(text, groups, context.resolution, object_after(text, groups, end, limit),
                                domain if template.right.role == "S" else range_)
            if found is not None and (_KIN_OF.search(text, end, found.start) or template.target == "criticizes"
                                      and _DEED_OF.search(text, end, found.start)):
                found = None  # "the faction led by the sons of X": not X; "condemns the detention of X": not X
            elif found is not None and found.items[0].refers in ("it", "they") and "," in text[end:found.start]:
                found = None  # "X, which the US designated a terrorist organisation, rejected it": "it" is not the object
            if template.glued and found is not None:
                found = Group(found.items[:1])  # "Iran-aligned Houthi movement and a coalition": the premodified one
            elif template.glued:
                found = _apposition_head(context, start - 1)  # "Kataib Hezbollah, an Iran-backed militia that …"
            if template.right.role == "S":
                subject_group = found
            else:
                object_group = found
        if object_group is None and template.right is not None and template.right.role == "O" and subject_group is not None:
            object_group = _relative_antecedent(context, subject_group, start)
        if left_slots and left_slots[0].earlier:
            return _respective(context, template, start, end, subject_group)
        gerund = left_slots and not left_slots[0].possessive and template.subject_slot in left_slots \
            and _GERUND.match(text[start:end])
        if gerund and _ADVERBIAL.search(text, max(context.sentence.start, start - 8), start):
            subject_group = _main_subject(context)  # "X left ECOWAS after forming the AES": X formed it
        elif gerund and _AFTER_COMMA.search(text, max(context.sentence.start, start - 3), start):
            main = _main_subject(context)  # "The AA has fought … under its commander, Y, seizing Paletwa": the AA
            if main is not None and any(fits(e, domain) for e in main.entities(context.resolution)):
                subject_group = main
        if subject_group is None and left_slots and not left_slots[0].possessive and template.subject_slot in left_slots \
                and _GERUND.match(text[start:end]):
            subject_group = _gerund_subject(context, start)
        subjects = slot_entities(subject_group, template.subject_slot, domain, context)
        objects = slot_entities(object_group, template.object_slot, range_, context)
        if not subjects and subject_group is None and template.target == "ousted":
            subjects = _coup_agents(context, objects)
        if subjects and not objects and template.target == "attacked" and template.right is not None:
            objects = _unnamed_target(context, end, subjects)
        if not subjects or not objects:
            return []
        for group in (subject_group, object_group):
            if group is not None:
                spans += [group.start, group.end]
        pairs = [(s, o) for s in subjects for o in objects if s != o]
    return _readings(context, template, pairs, min(spans), max(spans), start)


_GERUND = re.compile(r"\w+ing\b")
#: A name glued to the word after it ("Iran-aligned"): it modifies the noun that follows, it is not the actor.
_GLUED_MODIFIER = re.compile(r"-[a-z]")
#: A template whose left slot is the object of a passive ("O was led by S"): after "and" it shares the earlier verb's subject.
_PASSIVE_TEMPLATE = re.compile(r"^O\S* \S*\b(?:be|is|was|were|are)\b\S* .*\bby S")


@cache
def _passive_template(text: str) -> bool:
    return _PASSIVE_TEMPLATE.search(text) is not None


@cache
def _apposition_template(text: str) -> bool:
    return _APPOSITION_HEAD.match(text) is not None
_KIN_OF = re.compile(r"\b(?:sons?|daughters?|brothers?|sisters?|family|relatives|wife|widow|nephews?|cousins?|heirs?)\s+of\s")
_DEED_OF = re.compile(r"\bthe\s+(?:[\w-]+\s+){1,3}(?:of|on|against)\s+(?:the\s+)?(?:[A-Z][\w.]*\s+)?$")
_COMMA_BEFORE = re.compile(r",\s*$")
_GERUND_AFTER = re.compile(r",?\s*(?:as|for|of)\s+\w+ing\b")
_APPOSITION_HEAD = re.compile(r"[SO](?:\[\w+\])?, (?:a|an|another|the|led|which|who|[SO]'s)\b")
#: Between a name and a phrase in apposition to it: "ISSP, its main rival", "the Islamic State Sahel Province (ISSP), its …".
_APPOSED_TO = re.compile(r"\s*(?:\([A-Z][\w&.-]*\)\s*)?,\s*(?:(?:its|their)\s+)?")


#: How many: "at least 12", "more than", "dozens of", "several"… (the words before a head noun that counts).
_QUANTITY = r"(?:at\s+)?least\s+|more\s+than\s+|about\s+|some\s+|dozens\s+of\s+|[\d,]+\s+|"
_NUMBER_WORDS = r"several|two|three|four|five|six|seven|eight|nine|ten"
_SOLDIERS = re.compile(rf"\s+(?:{_QUANTITY}a|an|the|{_NUMBER_WORDS})*\s*(?:(?:military|army)\s+"
                       r"(?:base|post|convoy|camp|checkpoint|position)s?|soldiers|troops)\b")
_THEIR_POSTS = re.compile(r"\s+(?:(?:several|some|many|one|two|three|four|five|\d+)\s+of\s+)?(its|their)\s+(?:[a-z-]+\s+)?"
                          r"(?:posts?|positions?|bases?|soldiers|troops|convoys?|patrols?|camps?|checkpoints?|forces|fighters)\b")
_OWNED_BY = re.compile(r"\b(?:soldiers|troops|forces)\s+(?:from|of|loyal\s+to|belonging\s+to|serving\s+with)\b")
_FIGHTERS = re.compile(rf"\s+(?:{_QUANTITY}{_NUMBER_WORDS})*\s*(?:insurgents|militants|jihadists|rebels)\b")


def _places_only(group: Group, context: Context) -> bool:
    entities = group.entities(context.resolution)
    return bool(entities) and all(is_place(e) and e.type != "Country" for e in entities)  # a country acts as its government


def _unnamed_target(context: Context, end: int, attackers: list[Entity]) -> list[Entity]:
    """"ISWAP fighters attacked a military base …", "its troops … killed more than 20 insurgents": a target
    named only by its kind is the one actor of that kind the article is about — the armed forces of the country
    the article is about (not foreign troops or police named in passing), else the only force named before; or
    the armed group last named before (when the attacker is not an armed group itself)."""
    text = context.text
    entities = context.resolution.entities
    if _SOLDIERS.match(text, end):
        if any(a.type == "StateArmedForce" for a in attackers) or _OWNED_BY.search(text, end, context.sentence.end):
            return []  # "killing 21 soldiers from forces loyal to the STC": their side is named
        forces = [e for e in entities if e.type == "StateArmedForce" and e not in attackers
                  and any(m.start < end for m in e.mentions)]
        home = document_country(text, context.resolution)
        if home and any(f.country == home for f in forces):
            return [f for f in forces if f.country == home][:1]
        if home:  # not the foreign troops or the police named in passing
            return [country_actor(context.resolution, home, "StateArmedForce")]
        return forces if len(forces) == 1 else []
    owned = _THEIR_POSTS.match(text, end)
    if owned:  # "fired on several of its posts": the owner of the posts
        owner = next((g for g in context.groups if g.start == owned.start(1)), None)
        return [e for e in owner.entities(context.resolution) if e not in attackers] if owner else []
    if _FIGHTERS.match(text, end) and not any(a.type == "MilitantGroup" for a in attackers):
        before = [e for e in entities if e.type == "MilitantGroup" for m in e.mentions if m.start < end]
        latest = max(before, key=lambda e: max(m.start for m in e.mentions if m.start < end), default=None)
        return [latest] if latest is not None else []
    return []


_OBJECT_RELATIVE = re.compile(r"(?:\s*\([A-Z][\w&.-]*\))?(?:,\s*(?:a|an|the|another)\s+(?:[\w-]+\s+){0,4}?)?(?:,\s*)?"
                              r"(?:which|that|whom)\s+(?:the\s+)?$")


_INFINITIVE = re.compile(r"to\s", re.IGNORECASE)
_URGE = re.compile(r"\b(?:urg|call|encourag|press|ask|invit)\w*(?:\s+(?:on|upon))?\s")
_AGENT = re.compile(r"\bby\s+(?:[A-Z][\w.]*\s+)*$")


def _urged(context: Context, position: int) -> Group | None:
    """Whom the clause urges to do what the infinitive says: the names between "urged"/"called on" and "to", past the
    agents of reduced relatives ("the SAF, led by General al-Burhan, and the RSF … to resume the talks"); without
    such a verb, the name right before "to"."""
    text = context.text
    urges = list(_URGE.finditer(text, context.sentence.start, position))
    urge = urges[-1] if urges else None
    before = [g for g in context.groups if g.end <= position]
    if urge is None:
        return before[-1] if before and _JUST_BEFORE.fullmatch(text, before[-1].end, position) else None
    items = [m for g in before if g.start >= urge.end() for m in g.items
             if not _AGENT.search(text, context.sentence.start, m.start)]
    return Group(items) if items else None
_PASSIVE_BY = re.compile(r"\b(?:led|headed|commanded|founded|run|operated|backed|supported|armed)\s+(?:[\w-]+\s+){0,3}?by$")
_JUST_BEFORE = re.compile(r"\s*(?:\([A-Z][\w&.-]*\)\s*)?(?:(?!and\b|or\b|but\b)[a-z]+\s*)?,?\s*")
#: "the Tariq Bin Ziyad Brigade, a unit of the LNA commanded by X": the unit is commanded, not the LNA.
_UNIT_OF = re.compile(r"\s*,\s*(?:a|an|the|its)\s+(?:[a-z-]+\s+)?(?:unit|faction|brigade|battalion|wing|branch|division|"
                      r"regiment|cell)\s+of\s+(?:the\s+)?")


def _noun_before(context: Context, position: int) -> Group | None:
    """The name a reduced relative clause follows: "Gran Grif, led by …", "the Sudan Liberation Army faction led by …"."""
    before = [g for g in context.groups if g.end <= position]
    if before and not before[-1].possessive and _JUST_BEFORE.fullmatch(context.text, before[-1].end, position):
        return _unit_head(context, Group(before[-1].items[-1:]))
    return None


def _unit_head(context: Context, group: Group) -> Group:
    """"the Tariq Bin Ziyad Brigade, a unit of the LNA commanded by X": the unit the participle describes, not the LNA."""
    before = [g for g in context.groups if g.end <= group.start]
    if before and _UNIT_OF.fullmatch(context.text, before[-1].end, group.start):
        return Group(before[-1].items[-1:])
    return group


_MODIFIED_RELATIVE = re.compile(r"-[a-z]+\s+(?:[\w-]+\s+){0,2}?(?:that|which|whom)\s+(?:the\s+)?")
_APPOSITION_BEFORE = re.compile(r"\s*(?:\([A-Z][\w&.-]*\)\s*)?,\s*(?:a|an|the|another)\s+(?:[\w-]+\s+){0,2}")


def _apposition_head(context: Context, modifier_end: int) -> Group | None:
    """The name a noun phrase stands in apposition to, when a name modifies the phrase ("X, an Iran-backed militia")."""
    modifier = next((g for g in context.groups if g.end == modifier_end), None)
    if modifier is None:
        return None
    before = [g for g in context.groups if g.end <= modifier.start]
    if before and not before[-1].possessive and _APPOSITION_BEFORE.fullmatch(context.text, before[-1].end, modifier.start):
        return Group(before[-1].items[-1:])
    return None


def _relative_antecedent(context: Context, subject_group: Group, trigger: int) -> Group | None:
    """The object of a verb in an object relative clause is the clause's antecedent: "the BLA, which the United States
    designated a terrorist organisation", "Kataib Hezbollah, an Iran-backed militia that al-Muhandis founded"."""
    if subject_group.start >= trigger or CLAUSE_BREAK.search(context.text, subject_group.end, trigger):
        return None
    before = [g for g in context.groups if g.end <= subject_group.start]
    if before and _OBJECT_RELATIVE.fullmatch(context.text, before[-1].end, subject_group.start) \
            and not before[-1].possessive:
        return Group(before[-1].items[-1:])
    if before and _MODIFIED_RELATIVE.fullmatch(context.text, before[-1].end, subject_group.start):
        return _apposition_head(context, before[-1].end)  # "X, an Iran-backed militia that al-Muhandis founded"
    return None


def _gerund_subject(context: Context, position: int) -> Group | None:
    """"criticized JNIM's leadership … as undermining the jihad in favor of negotiating with …": JNIM negotiates."""
    floor = context.clauses.floor(position)
    before = [g for g in context.groups if g.end <= floor]
    if before and _GERUND_AFTER.search(context.text[before[-1].end:position]):
        return Group(before[-1].items[:1])
    comma = _TRAILING_COMMA.search(context.text, context.sentence.start, position)
    if comma:  # "JNIM fighters ambushed a convoy near Fada N'Gourma, killing 30 soldiers": the ambushers killed them
        return context.clauses.subject(comma.start())
    return None


_TRAILING_COMMA = re.compile(r",\s*$")
_AFTER_COMMA = re.compile(r",\s*$")
_ADVERBIAL = re.compile(r"\b(?:after|before|since|while|by|when)\s+$")


def _main_subject(context: Context) -> Group | None:
    """The subject of the sentence's main clause: its first name not governed by a preposition."""
    floor = context.sentence.start
    return next((g for g in context.groups if eligible_subject(context.text, g, floor)), None)


def _adjacent_before(text: str, groups: list[Group], position: int) -> Group | None:
    """The group that ends right before ``position``, with only a space between."""
    for group in groups:
        if group.end < position and not text[group.end:position].strip() and not group.possessive:
            return group
    return None


def _nationality(entity: Entity, context: Context) -> bool:
    """"Afghans", "Somalis": people of a country, never an organisation's name."""
    demonyms = context.resolution.known.demonyms
    word = entity.label.lower()
    return key_word(word) in demonyms or key_word(word.rstrip("s")) in demonyms


def _readings(context: Context, template: Template, pairs: list[tuple[Entity, Entity]], span_start: int, span_end: int,
              trigger: int) -> list[Finding]:
    """Findings for the argument pairs, read for negation, intent, hedges and time."""
    text = context.text
    floor = context.clauses.floor(trigger)
    window = text[max(floor, trigger - 40):trigger]
    if NEGATION.search(window):
        return []
    predicate = template.target
    if context.lexicon.prospect.search(window):  # "was considering designating the group": not done, only weighed
        predicate = context.lexicon.intent.get(predicate)
        if predicate is None:
            return []
    elif INTENT.search(window):
        predicate = context.lexicon.intent.get(predicate, predicate)
    confidence = BASE_CONFIDENCE
    clause_end = _CLAUSE_END.search(text, span_end, context.sentence.end)
    for _ in context.lexicon.hedge_pattern.finditer(text, floor, clause_end.start() if clause_end else context.sentence.end):
        confidence *= 0.75
    if MODAL.search(window):
        confidence *= 0.7
    date = time_of(context, trigger, template)
    findings = []
    actors: list[Entity] = []
    symmetric = relations()[predicate].symmetric
    for subject_entity, object_entity in pairs:
        if subject_entity.index == object_entity.index:
            continue
        findings.append(Finding(subject_entity, predicate, object_entity, span_start, span_end, context.index, date,
                                round(confidence, 2), trigger=template.text, descriptive=not template.verbal))
        for actor in (subject_entity, object_entity) if symmetric else (subject_entity,):
            if actor not in actors:
                actors.append(actor)
    if predicate in context.lexicon.placing and not any(template.text.endswith(" " + ending)
                                                         for ending in context.lexicon.unplaced_endings.get(predicate, ())):
        # A backer ("X, which is backed by Riyadh and based in Aden") is not where the one it backs is.
        # An attacker is where its target is; a war "against ISIS militants in West Africa" says where ISIS is.
        # Fighting places both sides where it happens ("X clashed with Y in Tripoli"): a war is read as reciprocal.
        reciprocal = predicate == "atWarWith" or any(s.role == "SO" for s in (*template.left, template.right) if s is not None)
        subjects = actors if reciprocal else [s for s, _ in pairs]
        if predicate == "attacked":
            subjects += [o for _, o in pairs if o not in subjects and o.type not in ("Person", "PopulationGroup")]
        objects = [] if reciprocal and predicate != "atWarWith" or predicate == "attacked" else [o for _, o in pairs]
        opening = reciprocal and OPENING.fullmatch(text, context.sentence.start, trigger) is not None
        findings += located(context, subjects, objects, trigger, date, [e for pair in pairs for e in pair], opening)
        if reciprocal:
            findings += war_place(context, actors, trigger, span_end, date)
        findings += where_place(context, actors if reciprocal else [s for s, _ in pairs], trigger, date)
    accused_of = _ACCUSED_OF.search(text, span_end, context.sentence.end) if predicate == "criticizes" else None
    if accused_of and accused_of.start() == span_end:  # "accused the army of killing villagers in Nondin", "blamed X for
        # a rocket attack on a base near Kirkuk": the accused act there, on the accuser's word
        accused = [o for _, o in pairs if fits(o, "Actor")]
        findings += [replace(f, claimed_by=[s for s, _ in pairs[:1]]) for f in
                     located(context, accused, [], accused_of.end(), date, accused)]
    return findings


_CLAUSE_END = re.compile(r"[,;:.]")
_ACCUSED_OF = re.compile(r"(?:\s*,[^,;]{0,80},)?\s+(?:of\s+(?:\w+ly\s+)?\w+ing|of\s+(?:[\w-]+\s+){0,2}(?:abuses|atrocities|"
                         r"violations|crimes|killings|massacres)|for\s+(?:an?|the|their|its)\s+(?:[\w-]+\s+){0,3}?"
                         r"(?:attack|bombing|raid|ambush|strike|massacre|killing)s?)\b")


_RELATIVE_CLAUSE = re.compile(r",\s*(?:(?:in|at|on|from|during|under|by|with|of)\s+)?(?:who|which|whose|whom)\b[^,;]*,")
_SINCE = re.compile(r"\bsince\b")


def time_of(context: Context, position: int, template: Template) -> str | None:
    """The nearest time in the sentence, else the month of the paragraph's last time.

    A time inside a relative clause that does not hold the trigger is that clause's ("X,
    who returned to office in May, condemned the attack"): it dates nothing else. A time
    after "since" opens an interval.
    """
    times = context.times
    if times:
        asides = [(m.start(), m.end()) for m in _RELATIVE_CLAUSE.finditer(context.text, context.sentence.start,
                                                                          context.sentence.end)]
        times = [t for t in times if not any(a <= t.start < b and not a <= position < b for a, b in asides)]
        if not times:
            return None
    if times:
        nearest = min(times, key=lambda t: abs(t.start - position))
        value = nearest.value
        between = context.text[min(position, nearest.start):max(position, nearest.start)]
        if "/" not in value and (INCHOATIVE.search(template.text + " " + context.text[position:position + 30])
                                 or (nearest.start > position and _SINCE.search(between))):
            value = f"{value}/.."
        elif "/" not in value and TERMINATIVE.match(context.text, position):
            value = f"../{value}"  # "left ECOWAS in January": a membership that ended then
        return value
    return context.carried


def _coup_agents(context: Context, ousted: list[Entity]) -> list[Entity]:
    """A leader ousted in a military coup was ousted by the armed forces of the leader's country."""
    sentence_text = context.text[context.sentence.start:context.sentence.end].lower()
    if "military" not in sentence_text and "army" not in sentence_text and "soldiers" not in sentence_text:
        return []
    for entity in ousted:
        country = entity.country or _country_of(context, entity)
        if country:
            return [country_actor(context.resolution, country, "StateArmedForce")]
    return []


def _country_of(context: Context, person: Entity) -> str | None:
    """The country a person belongs to, from a nationality word before the person's name."""
    for mention in person.mentions:
        before = context.text[max(0, mention.start - 40):mention.start]
        for word in re.findall(r"[A-Z][\w-]+", before)[::-1]:
            country = context.resolution.known.demonyms.get(key_word(word))
            if country:
                return country
    return None


def _respective(context: Context, template: Template, start: int, end: int, group: Group | None) -> list[Finding]:
    """"ISIS and al-Qaeda … the regional groups ISGS and JNIM": pair the two lists member by member."""
    later = slot_entities(group, template.right, "Organization", context)
    earlier_groups = [g for g in context.groups if g.end <= start and len(g.entities(context.resolution)) == len(later)]
    if len(later) < 2 or not earlier_groups:
        return []
    parents = earlier_groups[-1].entities(context.resolution)
    pairs = list(zip(later, parents))
    return _readings(context, template, pairs, earlier_groups[-1].start, group.end, start)


_RESPECTIVELY = re.compile(r"\s*,?\s*respectively\b")
#: Between the names of a list: a comma or "and", and the titles before a name ("Colonel X and Captain Y").
_LIST_GLUE = re.compile(r"\s*(?:,\s*)?(?:and\s+)?(?:[A-Z][a-z]+\.?\s+){0,2}")


def _respectively(context: Context, template: Template, start: int, end: int) -> list[Finding] | None:
    """"the authorities of Mali and Burkina Faso, led by X and Y respectively": X leads Mali's, Y Burkina Faso's."""
    if template.right is None or len(template.left) != 1 or template.left[0].inner or template.left[0].role == "SO":
        return None
    text = context.text
    right = object_after(text, context.groups, end, context.sentence.end)
    last = right
    for group in context.groups:  # "Colonel X and Captain Y respectively": the titles part the names
        if last is not None and group.start >= last.end and _LIST_GLUE.fullmatch(text, last.end, group.start):
            last = group
    if right is None or not _RESPECTIVELY.match(text, last.end):
        return None
    domain, range_ = context.lexicon.domains[template.target]
    classes = {"S": domain, "O": range_}
    later = [e for g in context.groups if right.start <= g.start and g.end <= last.end
             for e in slot_entities(g, template.right, classes[template.right.role], context)]
    if len(later) < 2:
        return None
    left = next((g for g in reversed(context.groups) if g.end <= start and g.start >= context.sentence.start
                 and len(g.items) == len(later)), None)
    earlier = slot_entities(left, template.left[0], classes[template.left[0].role], context)
    if len(earlier) != len(later):
        return None
    pairs = list(zip(earlier, later)) if template.left[0].role == "S" else list(zip(later, earlier))
    return _readings(context, template, pairs, left.start, last.end, start)
