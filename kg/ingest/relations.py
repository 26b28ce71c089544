"""Relations between actors (stage 5 of ingest).

Input: the text, its sentences, resolved mentions and time expressions. Output:
:class:`Finding` records — subject, ontology relation, object, the words that say so,
the time, a confidence and who claims it. Each sentence's trigger templates (from the
ontology's lexicon, ``ontology/lexicon.ttl``) are read by :mod:`kg.ingest.triggers`; this
module adds what titles ("ISIS spokesman X"), possessives and names ("Islamic State in
Somalia") say, then works over the document: a relation inside what a party says
("Al-Naba reported that …", "X accused Y of …") is claimed by that party and, through this
document's other relations, by its publisher or organisation; a parent group fighting "in"
a region is its regional branch; one finding per relation and sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.ingest.clauses import Clauses, Group, groups_of, object_after, possessor_before
from kg.ingest.dates import TimeExpression, month_of
from kg.ingest.findings import BASE_CONFIDENCE, Finding
from kg.ingest.incidents import incident_places
from kg.ingest.inference import home_groups, joint_actions, led_by_name, partners_act, role_ended, signatures, succession
from kg.ingest.known import key_word
from kg.ingest.lexicon import Lexicon, Template
from kg.ingest.mentions import Mention
from kg.ingest.nouns import part_of, whose_part
from kg.ingest.offices import bare_office, force_of_title, further_titles
from kg.ingest.resolve import Entity, Resolution, country_actor, document_country, is_place
from kg.ingest.segment import Sentence, items_by_sentence
from kg.ingest.triggers import Context, fits, read_triggers, slot_entities, time_of, trigger_matches
from kg.ingest.whereabouts import wider_places
from kg.ontology import relations

__all__ = ["Finding", "find_relations", "trigger_matches"]

PARTIES = frozenset({"MilitantGroup", "Person", "Government", "StateArmedForce", "GovernmentAgency", "MediaOutlet"})


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
    times_of = items_by_sentence(sentences, times)
    for index, sentence in enumerate(sentences):
        if "\n" in text[previous_paragraph_end:sentence.start]:
            carried = None
        previous_paragraph_end = sentence.end
        local_times = times_of.get(index, [])
        groups_here = groups[index] if groups is not None else groups_of(text, by_sentence.get(index, []), resolution)
        context = Context(text, sentence, index, groups_here, resolution, lexicon, local_times, carried)
        context.clauses = Clauses(text, sentence.start, sentence.end, groups_here)
        context.matches = matches[index] if matches is not None else trigger_matches(text, sentence, lexicon)
        found = read_triggers(context) + _titles(context, by_sentence.get(index, []))
        found += further_titles(context, by_sentence.get(index, []))
        found += _possessive_templates(context)
        found += _condemned(context, findings + found)
        found += succession(context, by_sentence.get(index, []), findings + found)
        found += led_by_name(context) + home_groups(context) + part_of(context) + whose_part(context)
        found += wider_places(context, found)
        said = claims(context)
        for finding in found:
            _attribute(finding, said)
        findings += found
        if local_times:
            carried = month_of(local_times[0].value)
    findings += _named_after(resolution, lexicon)
    findings += incident_places(text, sentences, mentions, resolution, times,
                                {(f.subject.index, f.object.index) for f in findings if f.predicate == "operatesIn"})
    findings += signatures(text, mentions, resolution, lexicon.titles)
    findings += joint_actions(findings)
    findings += partners_act(findings)
    spread_claims(findings)
    _regional(text, findings, resolution)
    _turns(findings)
    return _unique(_stated_offices(findings))


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


# ---------------------------------------------------------------- titles and names


def _titles(context: Context, mentions: list[Mention]) -> list[Finding]:
    """"ISIS spokesman Abu Hamza al-Qurashi", "its leader, Ahmed Diriye", "Kenneth McKenzie, the head of CENTCOM"."""
    text, lexicon = context.text, context.lexicon
    findings = []
    for mention in mentions:
        persons = [e for e in context.resolution.of(mention) if e.type == "Person"]
        if not persons or mention.kind == "anaphor":
            continue
        before = text[max(context.sentence.start, mention.start - 80):mention.start]
        title, title_start = _title_in(lexicon, before, mention.start)
        if title and _apposed_to_person(context, title_start):
            title, title_start = None, -1  # "Talon, President of Benin, H.E. Ouattara, President of …": Talon's title
        relation = lexicon.titles.get(title) if title else None
        organisations: list[Entity] = []
        guessed = False
        if relation:
            owner = possessor_before(text, context.groups, title_start, words=3) or _premodifier(context, title_start) \
                or next((g for g in context.groups if title_start + len(title) < g.start and g.end < mention.start
                         and _OF_OWNER.match(text, title_start + len(title), g.start)), None)  # "Prosecutor of the ICC, X"
            organisations = slot_entities(owner, None, "Organization", context) or force_of_title(context, title_start)
            governmental = _GOVERNMENT_BEFORE.search(text, max(context.sentence.start, title_start - 12), title_start)
            if not organisations and (governmental or relation in ("leaderOf", "memberOf") and (
                    title.lower() in ("president", "prime minister", "secretary of state", "supreme leader", "king", "chancellor")
                    or title.lower().endswith(("minister", " secretary")))):
                country = _title_country(context, title_start, fallback="secretary" not in title.lower())
                if country:
                    organisations = [country_actor(context.resolution, country, "Government")]
                    guessed = True
        if not organisations:
            relation, organisations, title = _apposed_title(context, mention)
        if not organisations:
            relation, organisations, title = bare_office(context, mention, _title_country)
            guessed = bool(organisations)
        date = context.times[0].value if context.times else context.carried
        if relation == "leaderOf" and date and "/" not in date and role_ended(context, mention, title_start):
            date = f"../{date}"  # "its founder, Jamil Mukulu, was arrested in 2015": he led it until then
        for person in persons:
            for organisation in organisations:
                if organisation != person:
                    findings.append(Finding(person, relation, organisation, min(mention.start, title_start if title_start >= 0
                                                                                 else mention.start), mention.end,
                                            context.index, date,
                                            BASE_CONFIDENCE, role=title,
                                            trigger=f"title {title}{_GUESSED if guessed else ''}"))
    return findings


#: Marks a title whose government was inferred from the text around it, not named ("President Bazoum").
_GUESSED = ", country inferred"


def _stated_offices(findings: list[Finding]) -> list[Finding]:
    """A bare "President X" whose country was inferred yields to the government the text names for X elsewhere
    ("President of the Republic of Niger, H.E. Mohamed Bazoum" … "President Bazoum" in a communiqué from Abuja)."""
    stated = {(f.subject.index, f.predicate) for f in findings
              if f.object.type == "Government" and f.trigger.startswith("title ") and not f.trigger.endswith(_GUESSED)}
    return [f for f in findings if not (f.trigger.endswith(_GUESSED) and (f.subject.index, f.predicate) in stated)]


_SPEAKS_FOR = re.compile(r"\b(?:said|says|told|announced|insisted|stressed)\s+(?:that\s+)?(?:the\s+)?[A-Z]")
_GOVERNMENT_BEFORE = re.compile(r"\b[Gg]overnment\s+$")  # "Government spokesman X": the government of the country meant
_OF_OWNER = re.compile(r"\s+of\s+(?:the\s+)?$")
_LIST_TAIL = re.compile(r"(?=[,\sins]),?\s*(?:specifically|namely|including)$")
_FOR_PLACE = re.compile(r"\s+(?:for|to|in|on|of)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+(?:of\s+)?[A-Z][\w'’-]*){0,2}"
                        r"(?:\s*\([A-Z]+\))?$")  # "envoy for Yemen", "President of the Republic of Niger"


def _apposed_to_person(context: Context, title_start: int) -> bool:
    """Whether the title stands in apposition to a person named just before it, in a list of names and titles."""
    before = [g for g in context.groups if g.end <= title_start]
    return bool(before) and _COMMA_ONLY.fullmatch(context.text, before[-1].end, title_start) is not None \
        and any(e.type == "Person" for e in before[-1].entities(context.resolution))


_COMMA_ONLY = re.compile(r"\s*,\s*")


def _title_in(lexicon: Lexicon, before: str, end: int) -> tuple[str | None, int]:
    """The title just before a name ("ISIS spokesman", "its leader,", "envoy for Yemen,"), past a rank ("Colonel")."""
    tail = _LIST_TAIL.sub("", before.rstrip()).rstrip(" ,")
    if not lexicon.title_ending(tail):
        tail = _FOR_PLACE.sub("", tail)
    match = lexicon.title_ending(tail)
    for _ in range(3):  # "Niger's leader, General X": the rank, then the post; "President of …, H.E. Dr. X": both honorifics
        if not match or lexicon.titles[match.group(1)] is not None:
            break
        tail = tail[:match.start()].rstrip().rstrip(",")
        if not lexicon.title_ending(tail):
            tail = _FOR_PLACE.sub("", tail)
        match = lexicon.title_ending(tail)
    if match and lexicon.titles[match.group(1)]:
        return match.group(1), end - len(before) + match.start()
    return None, -1


def _premodifier(context: Context, position: int) -> Group | None:
    """The organisation right before a title: "ISIS spokesman", "RDF spokesman", "Boko Haram leader"."""
    for group in reversed(context.groups):
        if group.end <= position:
            between = context.text[group.end:position]
            return group if re.fullmatch(r"\s*(?:\([A-Z][\w&.-]*\)\s*)?(?:(?!(?:said|says|told|and|or|but|that|as|when|after)\s)"
                                         r"[a-z]+\s+)?", between) else None
    return None


def _country_before(context: Context, position: int) -> str | None:
    words = re.findall(r"[A-Z][\w-]+", context.text[max(context.sentence.start, position - 25):position])
    for word in reversed(words):
        if key_word(word) in context.resolution.known.demonyms:  # the table's keys are normalised ("Israeli" → "israli")
            return context.resolution.known.demonyms[key_word(word)]
    return None


def _title_country(context: Context, title_start: int, fallback: bool = True) -> str | None:
    """The country a bare "President X" or "Foreign Minister X" serves.

    The nationality or country right before the title; else the one country the sentence names
    before it ("… which has led Haiti since April, and with Prime Minister X"); else the one its
    paragraph names up to there; else, when the paragraph does not name the country the article is
    about, the one it names as an actor ("Supreme Leader X vowed revenge against the United States.
    Iranian Foreign Minister …"); else, unless another state's institution is in the sentence or
    ``fallback`` is off, the country the article is about. Countries that own a title of their own
    ("Niger's leader") are not counted.
    """
    country = _country_before(context, title_start)
    if country:
        return country
    text = context.text
    paragraph = text.rfind("\n\n", 0, context.sentence.start) + 2 if "\n\n" in text[:context.sentence.start] else 0
    for first in (context.sentence.start, paragraph):
        named = _countries_named(context, first, title_start)
        if len(named) == 1:
            return named.pop()
        if named:
            break
        if first == context.sentence.start:  # "Prime Minister X said Lebanon was ready …": the country the speaker speaks for
            spoken = _countries_named(context, title_start, context.sentence.end, subjects_only=True)
            if len(spoken) == 1 and _SPEAKS_FOR.search(context.text, title_start, context.sentence.end):
                return spoken.pop()
    main = _main_country(context)
    if not named:
        end = text.find("\n\n", context.sentence.end)
        end = end if end >= 0 else len(text)
        named = _countries_named(context, paragraph, end, subjects_only=True)
        if len(named) == 1 and not (main and _names_country(context, text[paragraph:end], main)):
            return named.pop()
    if fallback and main and main in _countries_named(context, title_start, context.sentence.end):
        return main  # "Foreign Minister X said Pakistan would …" in an article about Pakistan
    return None if _other_states(context, main) or not fallback else main


def _names_country(context: Context, text: str, country: str) -> bool:
    """Whether a text names the country anywhere, even inside another name ("… Mission in Mozambique")."""
    known = context.resolution.known
    place = known.places.get(country) if known else None
    words = {country, *(place.demonyms if place else ())}
    return any(word in text for word in words)


#: A common noun after a possessor: the title's body is a part of the possessor ("Hezbollah's executive council").
_SUB_BODY = re.compile(r"\s*(?:[a-z-]+\s+){0,2}[a-z]+")
_OWNED = re.compile(r"\s*(?:['’]s\s+)?(?:[a-z]+\s+)?(?:leader|president|prime minister|king|ruler|head|junta|government)\b",
                    re.IGNORECASE)


_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")
_GOVERNED = re.compile(r"\b(?:against|on|with|to|from|into|towards?|in|of|at|by|for|over|across)\s+(?:the\s+)?$")
_QUOTED = re.compile(r"[“\"][^”\"\n]*[”\"]")


def _countries_named(context: Context, start: int, end: int, subjects_only: bool = False) -> set[str]:
    """The countries a stretch names: by name, by nationality word, or through a city or region of theirs (with
    ``subjects_only``, not those a preposition governs: "revenge against the United States" is not whose leader)."""
    known = context.resolution.known
    named: set[str] = set()
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(context.text, start, end)]
    inside = [(m, e) for e in context.resolution.entities for m in e.mentions if start <= m.start < end]
    for mention, entity in inside:
        if _OWNED.match(context.text, mention.end) or any(a <= mention.start < b for a, b in quoted) \
                or subjects_only and _GOVERNED.search(context.text, max(0, mention.start - 20), mention.start):
            continue
        if mention.kind == "demonym" and mention.country:
            named.add(mention.country)
        elif entity.type == "Country":
            named.add(entity.label)
        elif entity.type == "Government" and entity.country:  # "Pakistan would raise …": the country acting
            named.add(entity.country)
        elif entity.type in ("City", "Region") and known is not None:
            place = known.places.get(entity.label)
            if place is not None and place.located_in:
                named.add(place.located_in[0])
    demonyms = known.demonyms if known is not None else {}
    names = [(m.start, m.end) for m, _ in inside]
    for word in _CAPITALISED.finditer(context.text, start, end):  # "Iranian Foreign Minister …"
        country = demonyms.get(key_word(word.group()))
        if country and not any(a <= word.start() < b for a, b in (*quoted, *names)) \
                and not (subjects_only and _GOVERNED.search(context.text, max(0, word.start() - 20), word.start())):
            named.add(country)
    return named


def _other_states(context: Context, main: str | None = None) -> bool:
    """Whether the sentence names a state institution ("the White House") other than the government of the country
    ``main`` ("… will leave the government"): then a bare "President" may be its."""
    own = country_actor(context.resolution, main, "Government") if main else None
    return any(e.type in ("GovernmentAgency", "Government") and e is not own
               for g in context.groups for e in g.entities(context.resolution))


def _main_country(context: Context) -> str | None:
    return document_country(context.text, context.resolution)


def _apposed_title(context: Context, mention: Mention) -> tuple[str, list[Entity], str | None]:
    """"Halima Bukar, a researcher with the International Crisis Group", "McKenzie, the head of CENTCOM"."""
    after = context.text[mention.end:context.sentence.end]
    if not re.match(r"\s*,\s*(?:a|an|the|its|their)?\s*\w", after):
        return "", [], None
    window = after[:80]
    for title, relation in context.lexicon.relation_titles:
        if title not in window:
            continue
        pattern = r"^\s*,\s*(a|an|the|its|their)?\s*(?:[\w-]+\s+){0,3}?" + re.escape(title) + r"\s+(?:of|with|at|for|in)\s+"
        match = re.match(pattern, after)
        if match:
            owner = object_after(context.text, context.groups, mention.end + match.end(), context.sentence.end, words=4)
            organisations = slot_entities(owner, None, "Organization", context)
            if organisations:
                if relation == "leaderOf" and (match.group(1) in ("a", "an") or owner.possessive
                                               and _SUB_BODY.match(context.text, owner.end)):
                    relation = "memberOf"  # "X, a commander of the Y faction"; "the head of Y's executive council"
                return relation, organisations, title
    return _possessed_title(context, mention)


def _possessed_title(context: Context, mention: Mention) -> tuple[str, list[Entity], str | None]:
    """"Amadou Diallo, the group's commander", "X, the ELN's top negotiator": the possessor's role."""
    comma = re.match(r"(\s*,\s*)(?:the\s+)?", context.text[mention.end:context.sentence.end])
    starts = (mention.end + comma.end(1), mention.end + comma.end()) if comma else ()
    owner = next((g for g in context.groups if g.start in starts and g.possessive), None)
    if owner is None:
        return "", [], None
    match = context.lexicon.title_ending(context.text[owner.end:owner.end + 40].split(",")[0].rstrip())
    relation = context.lexicon.titles.get(match.group(1)) if match else None
    if not relation or len(context.text[owner.end:owner.end + match.start()].split()) > 3:
        return "", [], None
    return relation, slot_entities(owner, None, "Organization", context), match.group(1)


def _possessive_templates(context: Context) -> list[Finding]:
    """Templates with no words of their own: "ISIS's latest edition of its weekly Al-Naba newsletter"."""
    findings = []
    owners = [group for group in context.groups if group.possessive]
    if not owners:
        return findings  # most sentences: no possessor, nothing to read
    for template in context.lexicon.possessive_templates:
        wanted = template.subject_slot.cls if template.subject_slot else None
        for group in owners:
            owner = slot_entities(group, None, context.lexicon.domains[template.target][1], context)
            for later in context.groups:
                if later.start <= group.end:
                    continue
                between = context.text[group.end:later.start]
                if len(between.split()) > 8 or re.search(r"[,;:.]", between):
                    break
                outlets = [e for e in later.entities(context.resolution) if wanted is None or fits(e, wanted)]
                for outlet in outlets:
                    for parent in owner:
                        findings.append(Finding(outlet, template.target, parent, group.start, later.end, context.index,
                                                time_of(context, group.start, template), BASE_CONFIDENCE, trigger=template.text))
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
            if " " not in named.label or words[0] == "O" and named.type != "MilitantGroup" or not fits(named, domain):
                continue  # "United Nations Verification Mission": an office of the UN, not an armed group's affiliate
            label = named.label.lower()
            parts = label.split(" ")
            if words[0] == "O":
                candidates = {" ".join(parts[:n]) for n in range(1, len(parts))}
            else:
                candidates = {" ".join(parts[n + 1:]).removeprefix("the ") for n, part in enumerate(parts) if part == joint}
            for name in candidates:
                for parent in by_name.get(name, ()):
                    if parent is not named and fits(parent, range_):
                        first = min(named.mentions, key=lambda m: m.start)
                        findings.append(Finding(named, predicate, parent, first.start, first.end, first.sentence, None, 0.8,
                                                trigger=f"name {form}", inferred=True))
    return findings


_ACT = r"(?:attacks?|bombings?|assault|massacre|killings?|raids?|siege|strikes?|shelling)"
_CONDEMNED = re.compile(r"(?=[cdt])\b(?:(?:condemn|denounc|criticis|criticiz)\w*\s+(?:the\s+)?(?:\w+\s+)?" + _ACT +
                        r"|called\s+the\s+(?:\w+\s+)?" + _ACT + r"\s+(?:an?\s+)?(?:act|crime|violation|breach|assassination|"
                        r"murder)|that\s+the\s+(?:\w+\s+)?" + _ACT + r"\s+(?:had\s+)?(?:violated|breached|was\s+(?:illegal|"
                        r"unlawful|a\s+crime|an\s+act)))\b", re.IGNORECASE)


#: The sentences of an article's lead, where a report tells the attack it is about.
_LEAD = 3


def _condemned(context: Context, earlier: list[Finding]) -> list[Finding]:
    """"The Taliban condemned the bombing", "Zarif called the killing an act of terrorism": whoever condemns an attack
    criticises the one who carried it out — the attack told in this or the last sentence, else the article's first,
    which "the attack" later in a report takes up."""
    match = _CONDEMNED.search(context.text, context.sentence.start, context.sentence.end)
    if not match:
        return []
    attacks = [f for f in earlier if f.predicate == "attacked" and f.start < match.start()]
    critic = context.clauses.subject(match.start())
    if not attacks or critic is None:
        return []
    if attacks[-1].sentence < context.index - 1 and attacks[0].sentence > _LEAD:
        return []  # the article's attack is not among those read, and a later one is not "the attack"
    author = attacks[-1].subject if attacks[-1].sentence >= context.index - 1 else attacks[0].subject
    return [Finding(entity, "criticizes", author, critic.start, match.end(), context.index, None, BASE_CONFIDENCE,
                    trigger="condemned act", inferred=True)
            for entity in critic.entities(context.resolution) if fits(entity, "Actor") and entity is not author]


# ---------------------------------------------------------------- attribution


@dataclass
class _Claim:
    speakers: list[Entity]
    start: int
    end: int


def claims(context: Context) -> list[_Claim]:
    """Stretches of the sentence that report what a party says."""
    found = []
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
                    found.append(_Claim(unique, limit, context.sentence.end))
                continue
            scope = (context.sentence.start, start)
        else:
            group = context.clauses.subject(start)
            scope = (end, context.sentence.end)
        if group is None:
            continue
        speakers = [e for e in group.entities(context.resolution) if e.type in PARTIES]
        if speakers:
            found.append(_Claim(speakers, *scope))
    return found


def _attribute(finding: Finding, claims: list[_Claim]) -> None:
    """A finding inside what a party says is that party's claim."""
    for claim in claims:
        if claim.start <= finding.start < claim.end and not finding.trigger.startswith("title") \
                and not finding.descriptive and finding.subject not in claim.speakers:
            for speaker in claim.speakers:
                if speaker not in finding.claimed_by:
                    finding.claimed_by.append(speaker)


def spread_claims(findings: list[Finding], claims_of: list[Finding] | None = None) -> None:
    """A spokesman's claim is also his group's; a newsletter's, its publisher's (the ties read from ``findings``, the
    claims extended those of ``claims_of``, by default the same findings)."""
    owners: dict[int, list[Entity]] = {}
    for finding in findings:
        if finding.predicate in ("spokespersonOf", "publishedBy") and not finding.claimed_by:
            owners.setdefault(finding.subject.index, []).append(finding.object)
    for finding in findings if claims_of is None else claims_of:
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
