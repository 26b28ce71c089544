"""Relations between actors (stage 5 of ingest).

Input: the text, its sentences, resolved mentions and time expressions. Output:
:class:`Finding` records — subject, ontology relation, object, the words that say so,
the time, a confidence and who claims it. Trigger templates come from the ontology's
lexicon (``ontology/lexicon.ttl``); subjects and objects must have the classes the
relation's ``rdfs:domain`` and ``rdfs:range`` name (a country acting is its government).
"Did not", "no", "ruled out" cancel a relation; "apparent", "allegedly", "more or less"
lower its confidence; "will", "vowed to" turn an attack into a threat; a relation inside
what a party says ("Al-Naba reported that …", "X accused Y of …") is claimed by that
party and, through this document's other relations, by its publisher or organisation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.ingest.clauses import Clauses, Group, groups_of, object_after, possessor_before
from kg.ingest.dates import TimeExpression, month_of
from kg.ingest.lexicon import Lexicon, Slot, Template
from kg.ingest.mentions import Mention
from kg.ingest.resolve import Entity, Resolution, country_actor, document_country, is_place
from kg.ingest.segment import Sentence
from kg.ontology import relations, subclasses

NEGATION = re.compile(r"\b(?:not|no|never|neither|nor|n't|ruled out|rules out|rule out|denied|denies|deny|refused to|"
                      r"without|rejected)\b", re.IGNORECASE)
INTENT = re.compile(r"\b(?:(?:will|would|shall)(?!\s+(?:keep|continue|remain|still))|vow(?:ed|s)? to|threaten(?:ed|s)? to|"
                    r"pledge(?:d|s)? to|promise(?:d|s)? to|plan(?:s|ned)? to|intend(?:s|ed)? to|going to|ordered\b.*\bto|"
                    r"warned)\b", re.IGNORECASE)
MODAL = re.compile(r"\b(?:could|might|may)\b", re.IGNORECASE)
INCHOATIVE = re.compile(r"\b(?:start|began|begun|begin|launch|pledge|swore|sworn|swear|emerge|founded|took over)",
                        re.IGNORECASE)
LOCATIVE = re.compile(r"\b(?:in|near|throughout|across|around|outside|inside)\s+(?:the\s+)?(?:[a-z]+\s+){0,2}$")
PARTIES = frozenset({"MilitantGroup", "Person", "Government", "StateArmedForce", "GovernmentAgency", "MediaOutlet"})
ACTING = frozenset({"attacked", "atWarWith", "cooperatesWith", "ousted"})
BASE_CONFIDENCE = 0.9


@dataclass
class Finding:
    """One relation read from the text."""

    subject: Entity
    predicate: str
    object: Entity
    start: int
    end: int
    sentence: int
    date: str | None = None
    confidence: float = BASE_CONFIDENCE
    claimed_by: list[Entity] = field(default_factory=list)
    role: str | None = None
    trigger: str = ""
    inferred: bool = False
    #: Read from a noun phrase ("JNIM's leadership, specifically …"), not a clause: the writer's description.
    descriptive: bool = False


@dataclass
class _Context:
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


def _fits(entity: Entity, cls: str) -> bool:
    return entity.type in subclasses(cls)


def _as(entity: Entity, cls: str, resolution: Resolution) -> Entity | None:
    """The entity in the role of ``cls``: itself, or a country's government when an actor is needed."""
    if _fits(entity, cls):
        return entity
    if entity.type == "Country" and _fits_kind("Government", cls):
        return country_actor(resolution, entity.label, "Government")
    return None


def _fits_kind(kind: str, cls: str) -> bool:
    return kind in subclasses(cls)


def find_relations(text: str, sentences: list[Sentence], mentions: list[Mention], resolution: Resolution,
                   times: list[TimeExpression], lexicon: Lexicon,
                   matches: list[list[tuple[Template, int, int]]] | None = None,
                   groups: list[list[Group]] | None = None) -> list[Finding]:
    """Every relation the lexicon's triggers, titles and name forms find in the text.

    ``matches`` are the trigger matches of each sentence (:func:`trigger_matches`) and
    ``groups`` its coordinated mentions (:func:`kg.ingest.clauses.groups_of`), if already found.
    """
    by_sentence: dict[int, list[Mention]] = {}
    for mention in mentions:
        by_sentence.setdefault(mention.sentence, []).append(mention)
    findings: list[Finding] = []
    carried = None
    previous_paragraph_end = -1
    for index, sentence in enumerate(sentences):
        if "\n\n" in text[previous_paragraph_end:sentence.start] or "\n" in text[previous_paragraph_end:sentence.start]:
            carried = None
        previous_paragraph_end = sentence.end
        local_times = [t for t in times if sentence.start <= t.start < sentence.end]
        groups_here = groups[index] if groups is not None else groups_of(text, by_sentence.get(index, []), resolution)
        context = _Context(text, sentence, index, groups_here, resolution, lexicon, local_times, carried)
        context.clauses = Clauses(text, sentence.start, sentence.end, groups_here)
        context.matches = matches[index] if matches is not None else trigger_matches(text, sentence, lexicon)
        found = _triggers(context) + _titles(context, by_sentence.get(index, []))
        found += _possessive_templates(context)
        found += _condemned(context, findings + found)
        claims = _claims(context)
        for finding in found:
            _attribute(finding, claims)
        findings += found
        if local_times:
            carried = month_of(local_times[0].value)
    findings += _named_after(resolution, lexicon)
    _claimants(findings)
    _regional(text, findings, resolution)
    _turns(findings)
    return _unique(findings)


def _turns(findings: list[Finding]) -> None:
    """Cooperation the text tells in the past, then a war between the same two: the cooperation ended when the war began."""
    wars = {}
    for finding in findings:
        if finding.predicate in ("atWarWith", "declaredWarOn") and finding.date and finding.date.endswith("/.."):
            wars.setdefault(frozenset((finding.subject.index, finding.object.index)), finding.date.split("/")[0])
    for finding in findings:
        began = wars.get(frozenset((finding.subject.index, finding.object.index)))
        if finding.predicate == "cooperatesWith" and began and not finding.date and finding.sentence < max(
                f.sentence for f in findings if f.predicate in ("atWarWith", "declaredWarOn")):
            finding.date = f"../{began}"


# ---------------------------------------------------------------- triggers


_WORD = re.compile(r"[\w’']+")
_NOUN_BEFORE = re.compile(r"(?:\b(?:the|a|an|its|their|his|her|our)|['’]s)\s+$", re.IGNORECASE)


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
        if not candidates:
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


def _triggers(context: _Context) -> list[Finding]:
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


def _slot_entities(group: Group | None, slot: Slot | None, cls: str, context: _Context) -> list[Entity]:
    if group is None:
        return []
    wanted = slot.cls if slot and slot.cls else cls
    found = []
    for entity in group.entities(context.resolution):
        if entity.type is None and slot is not None and slot.cls and not _nationality(entity, context):
            entity.type = slot.cls  # "X pledged allegiance to Y": both are armed groups
        role = _as(entity, wanted, context.resolution)
        if role is not None and role not in found:
            found.append(role)
    return found


def _apply(context: _Context, template: Template, start: int, end: int) -> list[Finding]:
    text, groups = context.text, context.groups
    domain, range_ = context.lexicon.domains[template.target]
    limit = context.sentence.end
    left_slots = list(template.left)
    pairs: list[tuple[Entity, Entity]] = []
    spans: list[int] = [start, end]
    if any(s.role == "SO" for s in left_slots) or (template.right and template.right.role == "SO"):
        group = context.clauses.subject(start) if left_slots else object_after(text, groups, end, limit)
        members = _slot_entities(group, left_slots[0] if left_slots else template.right, domain, context)
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
                found = next((g for g in groups if start <= g.start and g.end <= end), None)
            elif template.glued and slot is left_slots[0]:
                found = next((g for g in groups if g.end == start - 1), None)  # "al-Qaeda-aligned": right before
            elif slot is left_slots[0] and template.adjacent and not template.verbal and _adjacent_before(text, groups, start):
                found = _adjacent_before(text, groups, start)  # "ISIS militants in West Africa"
            elif slot.possessive:
                found = possessor_before(text, groups, start, words=4 if template.pattern else 6)
            else:
                outer = [s for s in left_slots if not s.inner]
                found = context.clauses.subject(start) if slot is outer[0] or len(outer) == 1 else None
            if slot.role == "S":
                subject_group = found
            else:
                object_group = found
            if slot.inner and found is None:
                return []
        if template.right is not None:
            found = object_after(text, groups, end, limit)
            if template.glued and found is not None:
                found = Group(found.items[:1])  # "Iran-aligned Houthi movement and a coalition": the premodified one
            if template.right.role == "S":
                subject_group = found
            else:
                object_group = found
        if left_slots and left_slots[0].earlier:
            return _respective(context, template, start, end, subject_group)
        if subject_group is None and left_slots and not left_slots[0].possessive and _slot_for(template, "S") in left_slots \
                and re.match(r"\w+ing\b", text[start:end]):
            subject_group = _gerund_subject(context, start)
        subjects = _slot_entities(subject_group, _slot_for(template, "S"), domain, context)
        objects = _slot_entities(object_group, _slot_for(template, "O"), range_, context)
        if not subjects and subject_group is None and template.target == "ousted":
            subjects = _coup_agents(context, objects)
        if not subjects or not objects:
            return []
        for group in (subject_group, object_group):
            if group is not None:
                spans += [group.start, group.end]
        pairs = [(s, o) for s in subjects for o in objects if s != o]
    return _readings(context, template, pairs, min(spans), max(spans), start)


def _gerund_subject(context: _Context, position: int) -> Group | None:
    """"criticized JNIM's leadership … as undermining the jihad in favor of negotiating with …": JNIM negotiates."""
    floor = context.clauses.floor(position)
    before = [g for g in context.groups if g.end <= floor]
    if before and re.search(r",?\s*(?:as|for|of)\s+\w+ing\b", context.text[before[-1].end:position]):
        return Group(before[-1].items[:1])
    return None


def _adjacent_before(text: str, groups: list[Group], position: int) -> Group | None:
    """The group that ends right before ``position``, with only a space between."""
    for group in groups:
        if group.end < position and not text[group.end:position].strip() and not group.possessive:
            return group
    return None


def _nationality(entity: Entity, context: _Context) -> bool:
    """"Afghans", "Somalis": people of a country, never an organisation's name."""
    demonyms = context.resolution.known.demonyms
    word = entity.label.lower()
    return word in demonyms or word.rstrip("s") in demonyms


def _slot_for(template: Template, role: str) -> Slot | None:
    for slot in (*template.left, template.right):
        if slot is not None and slot.role == role:
            return slot
    return None


def _readings(context: _Context, template: Template, pairs: list[tuple[Entity, Entity]], span_start: int, span_end: int,
              trigger: int) -> list[Finding]:
    """Findings for the argument pairs, read for negation, intent, hedges and time."""
    text = context.text
    floor = context.clauses.floor(trigger)
    window = text[max(floor, trigger - 40):trigger]
    if NEGATION.search(window):
        return []
    predicate = template.target
    if INTENT.search(window):
        predicate = context.lexicon.intent.get(predicate, predicate)
    confidence = BASE_CONFIDENCE
    clause_end = re.compile(r"[,;:.]").search(text, span_end, context.sentence.end)
    for _ in context.lexicon.hedge_pattern.finditer(text, floor, clause_end.start() if clause_end else context.sentence.end):
        confidence *= 0.75
    if MODAL.search(window):
        confidence *= 0.7
    date = _time(context, trigger, template)
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
    if predicate in ACTING:
        # An attacker is where its target is; a war "against ISIS militants in West Africa" says where ISIS is.
        reciprocal = any(s.role == "SO" for s in (*template.left, template.right) if s is not None)
        subjects = actors if reciprocal else [s for s, _ in pairs]
        if predicate == "attacked":
            subjects += [o for _, o in pairs if o not in subjects and o.type != "Person"]
        objects = [] if reciprocal or predicate == "attacked" else [o for _, o in pairs]
        findings += _located(context, subjects, objects, trigger, date)
    return findings


def _time(context: _Context, position: int, template: Template) -> str | None:
    """The nearest time in the sentence, else the month of the paragraph's last time."""
    if context.times:
        nearest = min(context.times, key=lambda t: abs(t.start - position))
        value = nearest.value
        if "/" not in value and INCHOATIVE.search(template.text + " " + context.text[position:position + 30]):
            value = f"{value}/.."
        return value
    return context.carried


def _located(context: _Context, subjects: list[Entity], objects: list[Entity], trigger: int,
             date: str | None) -> list[Finding]:
    """Actors acting "in", "near" or "throughout" a place operate there.

    A place right after the object ("against ISIS militants in West Africa") is where the
    object is; any other place after the trigger, in the same clause, is where the subjects act.
    """
    found = []
    previous = None
    for group in context.groups:
        if group.start <= trigger:
            continue
        attached = previous is not None and re.fullmatch(r"\s+(?:[a-z]+\s+){0,2}?(?:in|near)\s+(?:the\s+)?",
                                                           context.text[previous.end:group.start])
        located = LOCATIVE.search(context.text[max(trigger, group.start - 30):group.start])
        owners = subjects
        if attached and objects and any(e in objects for e in previous.entities(context.resolution)):
            owners = [e for e in previous.entities(context.resolution) if e in objects]
        previous = group
        if not located:
            continue
        if re.search(r"[;:,]|\b(?:who|which|that|because|while)\b", context.text[trigger:group.start]) and not attached:
            break
        for place in group.entities(context.resolution):
            for actor in owners:
                if is_place(place) and _fits(actor, "Actor"):
                    found.append(Finding(actor, "operatesIn", place, trigger, group.end, context.index, date,
                                         BASE_CONFIDENCE, trigger="located", inferred=True))
    return found


def _coup_agents(context: _Context, ousted: list[Entity]) -> list[Entity]:
    """A leader ousted in a military coup was ousted by the armed forces of the leader's country."""
    sentence_text = context.text[context.sentence.start:context.sentence.end].lower()
    if "military" not in sentence_text and "army" not in sentence_text and "soldiers" not in sentence_text:
        return []
    for entity in ousted:
        country = entity.country or _country_of(context, entity)
        if country:
            return [country_actor(context.resolution, country, "StateArmedForce")]
    return []


def _country_of(context: _Context, person: Entity) -> str | None:
    """The country a person belongs to, from a nationality word before the person's name."""
    for mention in person.mentions:
        before = context.text[max(0, mention.start - 40):mention.start]
        for word in re.findall(r"[A-Z][\w-]+", before)[::-1]:
            country = context.resolution.known.demonyms.get(word.lower())
            if country:
                return country
    return None


def _respective(context: _Context, template: Template, start: int, end: int, group: Group | None) -> list[Finding]:
    """"ISIS and al-Qaeda … the regional groups ISGS and JNIM": pair the two lists member by member."""
    later = _slot_entities(group, template.right, "Organization", context)
    earlier_groups = [g for g in context.groups if g.end <= start and len(g.entities(context.resolution)) == len(later)]
    if len(later) < 2 or not earlier_groups:
        return []
    parents = earlier_groups[-1].entities(context.resolution)
    pairs = list(zip(later, parents))
    return _readings(context, template, pairs, earlier_groups[-1].start, group.end, start)


# ---------------------------------------------------------------- titles and names


def _titles(context: _Context, mentions: list[Mention]) -> list[Finding]:
    """"ISIS spokesman Abu Hamza al-Qurashi", "its leader, Ahmed Diriye", "Kenneth McKenzie, the head of CENTCOM"."""
    text, lexicon = context.text, context.lexicon
    findings = []
    for mention in mentions:
        persons = [e for e in context.resolution.of(mention) if e.type == "Person"]
        if not persons or mention.kind == "anaphor":
            continue
        before = text[max(context.sentence.start, mention.start - 80):mention.start]
        title, title_start = _title_in(lexicon, before, mention.start)
        relation = lexicon.titles.get(title) if title else None
        organisations: list[Entity] = []
        if relation:
            owner = possessor_before(text, context.groups, title_start, words=3) or _premodifier(context, title_start)
            organisations = _slot_entities(owner, None, "Organization", context)
            if not organisations and relation in ("leaderOf", "memberOf") and title.lower() in ("president", "prime minister",
                                                                                                  "minister", "health minister"):
                country = _country_before(context, title_start) or (None if _other_states(context) else _main_country(context))
                if country:
                    organisations = [country_actor(context.resolution, country, "Government")]
        if not organisations:
            relation, organisations, title = _apposed_title(context, mention)
        for person in persons:
            for organisation in organisations:
                if organisation != person:
                    findings.append(Finding(person, relation, organisation, min(mention.start, title_start if title_start >= 0
                                                                                 else mention.start), mention.end,
                                            context.index, context.times[0].value if context.times else context.carried,
                                            BASE_CONFIDENCE, role=title, trigger=f"title {title}"))
    return findings


_LIST_TAIL = re.compile(r",?\s*(?:specifically|namely|including)$")
_FOR_PLACE = re.compile(r"\s+(?:for|to|in|on)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}$")


def _title_in(lexicon: Lexicon, before: str, end: int) -> tuple[str | None, int]:
    """The title just before a name ("ISIS spokesman", "its leader,", "envoy for Yemen,"), past a rank ("Colonel")."""
    tail = _LIST_TAIL.sub("", before.rstrip()).rstrip(" ,")
    if not lexicon.title_at_end.search(tail):
        tail = _FOR_PLACE.sub("", tail)
    match = lexicon.title_at_end.search(tail)
    if match and lexicon.titles[match.group(1)] is None:
        tail = tail[:match.start()].rstrip()
        match = lexicon.title_at_end.search(tail)
    if match and lexicon.titles[match.group(1)]:
        return match.group(1), end - len(before) + match.start()
    return None, -1


def _premodifier(context: _Context, position: int) -> Group | None:
    """The organisation right before a title: "ISIS spokesman", "RDF spokesman", "Boko Haram leader"."""
    for group in reversed(context.groups):
        if group.end <= position:
            between = context.text[group.end:position]
            return group if re.fullmatch(r"\s*(?:[a-z]+\s+)?", between) else None
    return None


def _country_before(context: _Context, position: int) -> str | None:
    words = re.findall(r"[A-Z][\w-]+", context.text[max(context.sentence.start, position - 25):position])
    for word in reversed(words):
        if word.lower() in context.resolution.known.demonyms:
            return context.resolution.known.demonyms[word.lower()]
    return None


def _other_states(context: _Context) -> bool:
    """Whether the sentence names a state institution ("the White House"): then a bare "President" may be its."""
    return any(e.type in ("GovernmentAgency", "Government") for g in context.groups for e in g.entities(context.resolution))


def _main_country(context: _Context) -> str | None:
    return document_country(context.text, context.resolution)


def _apposed_title(context: _Context, mention: Mention) -> tuple[str, list[Entity], str | None]:
    """"Halima Bukar, a researcher with the International Crisis Group", "McKenzie, the head of CENTCOM"."""
    after = context.text[mention.end:context.sentence.end]
    if not re.match(r"\s*,\s*(?:a|an|the|its|their)?\s*\w", after):
        return "", [], None
    for title in context.lexicon.titles_by_length:
        relation = context.lexicon.titles[title]
        if not relation or title not in after[:80]:
            continue
        pattern = r"^\s*,\s*(?:a|an|the|its|their)?\s*(?:[\w-]+\s+){0,2}?" + re.escape(title) + r"\s+(?:of|with|at|for|in)\s+"
        match = re.match(pattern, after)
        if match:
            owner = object_after(context.text, context.groups, mention.end + match.end(), context.sentence.end, words=2)
            organisations = _slot_entities(owner, None, "Organization", context)
            if organisations:
                return relation, organisations, title
    return "", [], None


def _possessive_templates(context: _Context) -> list[Finding]:
    """Templates with no words of their own: "ISIS's latest edition of its weekly Al-Naba newsletter"."""
    findings = []
    for template in context.lexicon.possessive_templates:
        wanted = next((s.cls for s in (*template.left, template.right) if s is not None and s.role == "S"), None)
        for group in context.groups:
            if not group.possessive:
                continue
            owner = _slot_entities(group, None, context.lexicon.domains[template.target][1], context)
            for later in context.groups:
                if later.start <= group.end:
                    continue
                between = context.text[group.end:later.start]
                if len(between.split()) > 8 or re.search(r"[,;:.]", between):
                    break
                outlets = [e for e in later.entities(context.resolution) if wanted is None or _fits(e, wanted)]
                for outlet in outlets:
                    for parent in owner:
                        findings.append(Finding(outlet, template.target, parent, group.start, later.end, context.index,
                                                _time(context, group.start, template), BASE_CONFIDENCE, trigger=template.text))
    return findings


def _named_after(resolution: Resolution, lexicon: Lexicon) -> list[Finding]:
    """Relations a name states: "Islamic State in Somalia" is an affiliate of the Islamic State
    (kg:nameTrigger "O …") and operates in Somalia ("… in O")."""
    findings = []
    entities = [e for e in resolution.entities if e.type and e.mentions]
    by_name: dict[str, list[Entity]] = {}
    for entity in entities:
        for name in (entity.label, *entity.aliases):
            if len(name) > 3:
                by_name.setdefault(name.lower(), []).append(entity)
    for predicate, form in lexicon.name_triggers.items():
        domain, range_ = lexicon.domains[predicate]
        words = form.split()
        joint = " ".join(words[1:-1]) if words[0] != "O" else ""
        for named in entities:
            if not _fits(named, domain) or " " not in named.label:
                continue
            label = named.label.lower()
            parts = label.split(" ")
            if words[0] == "O":
                candidates = {" ".join(parts[:n]) for n in range(1, len(parts))}
            else:
                candidates = {" ".join(parts[n + 1:]).removeprefix("the ") for n, part in enumerate(parts) if part == joint}
            for name in candidates:
                for parent in by_name.get(name, ()):
                    if parent is not named and _fits(parent, range_):
                        first = min(named.mentions, key=lambda m: m.start)
                        findings.append(Finding(named, predicate, parent, first.start, first.end, first.sentence, None, 0.8,
                                                trigger=f"name {form}", inferred=True))
    return findings


_CONDEMNED = re.compile(r"\b(?:condemn|denounc|criticis|criticiz)\w*\s+(?:the\s+)?(?:\w+\s+)?(?:attack|bombing|assault|"
                        r"massacre|killings?|raid|siege|strike)\b", re.IGNORECASE)


def _condemned(context: _Context, earlier: list[Finding]) -> list[Finding]:
    """"The Taliban condemned the bombing": whoever condemns an attack criticises the one who carried it out."""
    match = _CONDEMNED.search(context.text, context.sentence.start, context.sentence.end)
    if not match:
        return []
    authors = [f.subject for f in earlier if f.predicate == "attacked" and f.start < match.start()]
    critic = context.clauses.subject(match.start())
    if not authors or critic is None:
        return []
    return [Finding(entity, "criticizes", authors[-1], critic.start, match.end(), context.index, None, BASE_CONFIDENCE,
                    trigger="condemned act", inferred=True)
            for entity in critic.entities(context.resolution) if _fits(entity, "Actor") and entity is not authors[-1]]


# ---------------------------------------------------------------- attribution


@dataclass
class _Claim:
    speakers: list[Entity]
    start: int
    end: int


def _claims(context: _Context) -> list[_Claim]:
    """Stretches of the sentence that report what a party says."""
    claims = []
    for template, start, end in context.matches:
        if template.target != "claimedBy":
            continue
        if template.right is not None:
            group = object_after(context.text, context.groups, end, context.sentence.end, words=10)
            if group is not None and re.search(r"\b(?:data|figures|tally|estimates?|count)\b", context.text[end:group.start]):
                continue
            opening = len(context.text[context.sentence.start:start].split()) <= 6
            if group is not None and opening:
                stop = re.search(r"\bthat\b|,\s", context.text[group.end:context.sentence.end])
                limit = group.end + stop.end() if stop else context.sentence.end
                speakers = [e for g in context.groups if end <= g.start < limit for e in g.entities(context.resolution)
                            if e.type in PARTIES]
                if speakers:
                    unique = [e for i, e in enumerate(speakers) if e not in speakers[:i]]
                    claims.append(_Claim(unique, limit, context.sentence.end))
                continue
            scope = (context.sentence.start, start)
        else:
            group = context.clauses.subject(start)
            scope = (end, context.sentence.end)
        if group is None:
            continue
        speakers = [e for e in group.entities(context.resolution) if e.type in PARTIES]
        if speakers:
            claims.append(_Claim(speakers, *scope))
    return claims


def _attribute(finding: Finding, claims: list[_Claim]) -> None:
    """A finding inside what a party says is that party's claim."""
    for claim in claims:
        if claim.start <= finding.start < claim.end and not finding.trigger.startswith("title") \
                and not finding.descriptive and finding.subject not in claim.speakers:
            for speaker in claim.speakers:
                if speaker not in finding.claimed_by:
                    finding.claimed_by.append(speaker)


def _claimants(findings: list[Finding]) -> None:
    """A spokesman's claim is also his group's; a newsletter's, its publisher's."""
    owners: dict[int, list[Entity]] = {}
    for finding in findings:
        if finding.predicate in ("spokespersonOf", "publishedBy") and not finding.claimed_by:
            owners.setdefault(finding.subject.index, []).append(finding.object)
    for finding in findings:
        for claimant in list(finding.claimed_by):
            for owner in owners.get(claimant.index, ()):
                if owner not in finding.claimed_by:
                    finding.claimed_by.append(owner)


# ---------------------------------------------------------------- regional branches


def _regional(text: str, findings: list[Finding], resolution: Resolution) -> None:
    """"al-Qaeda started a war against ISIS militants in West Africa": the fight is the regional branches'.

    An argument written as a parent group "… in" a region, when the document names exactly
    one affiliate of that parent, is the affiliate; the other side's parent then fights
    through its own affiliate as well.
    """
    affiliates: dict[int, list[Entity]] = {}
    for finding in findings:
        if finding.predicate == "affiliateOf" and finding.subject not in affiliates.get(finding.object.index, []):
            affiliates.setdefault(finding.object.index, []).append(finding.subject)
    if not affiliates:
        return
    added = []
    for finding in list(findings):
        if finding.predicate not in ("atWarWith", "attacked", "cooperatesWith", "rivalOf", "threatens"):
            continue
        regional = _qualified(text, finding.object, finding, resolution)
        branches = affiliates.get(finding.object.index, [])
        if not regional or len(branches) != 1:
            continue
        parent_index = finding.object.index
        finding.object = branches[0]
        finding.confidence = round(finding.confidence * 0.8, 2)
        finding.inferred = True
        other = affiliates.get(finding.subject.index, [])
        if len(other) == 1 and other[0] != finding.object:
            added.append(Finding(other[0], finding.predicate, finding.object, finding.start, finding.end, finding.sentence,
                                 finding.date, finding.confidence, list(finding.claimed_by), trigger=finding.trigger,
                                 inferred=True))
        for place in regional:
            added.append(Finding(finding.object, "operatesIn", place, finding.start, finding.end, finding.sentence,
                                 finding.date, BASE_CONFIDENCE, trigger="regional", inferred=True))
            parent = next(e for e in resolution.entities if e.index == parent_index)
            findings[:] = [f for f in findings if not (f.predicate == "operatesIn" and f.subject is parent
                                                       and f.object is place and f.sentence == finding.sentence)]
    findings += added


def _qualified(text: str, entity: Entity, finding: Finding, resolution: Resolution) -> list[Entity]:
    """Regions written right after a mention of ``entity`` in the finding's span ("ISIS militants in West Africa")."""
    for mention in entity.mentions:
        if not finding.start <= mention.start < finding.end + 40:
            continue
        match = re.match(r"\s+(?:militants|fighters|forces|insurgents|branch|jihadists)?\s*in\s+(?:the\s+)?", text[mention.end:])
        if not match:
            continue
        places = []
        for place in resolution.entities:
            place_info = resolution.known.places.get(place.label) if resolution.known else None
            if is_place(place) and not (place_info and place_info.continent) and any(
                    m.start == mention.end + match.end() for m in place.mentions):
                places.append(place)
        return places
    return []


def _unique(findings: list[Finding]) -> list[Finding]:
    """One finding per relation and evidence: the first, with the claimants of all."""
    seen: dict[tuple, Finding] = {}
    for finding in findings:
        symmetric = relations()[finding.predicate].symmetric
        ends = (finding.subject.index, finding.object.index)
        ends = tuple(sorted(ends)) if symmetric else ends
        key = (finding.predicate, *ends, finding.sentence)
        if key in seen:
            for claimant in finding.claimed_by:
                if claimant not in seen[key].claimed_by:
                    seen[key].claimed_by.append(claimant)
            continue
        seen[key] = finding
    return list(seen.values())
