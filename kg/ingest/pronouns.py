"""Pronouns and definite descriptions ("it", "its", "the group", "the two countries") pointed at the actors they take up.

Part of resolution (stage 3 of ingest), run once the named mentions are grouped into entities, and
for the pronouns once more after :mod:`kg.ingest.anaphora` has read the descriptions ("It rejects …"
after "The Authority condemns …"). A pronoun takes its antecedent by rules of English grammar
rather than by nearness alone:

- a possessive takes the nearest earlier actor of its number in its sentence that is neither an
  owner, nor the object of a preposition, nor the name it stands in apposition to ("India banned
  the group and declared its commander …": the group; "Pakistani troops fired on its posts": not
  the troops; "ISSP, its main rival": not ISSP); in reported speech, the speaker ("ISKP said …
  that one of its fighters …"); past ", but" a new clause, the sentence's subject;
- an object pronoun never takes the subject of its own clause ("Pakistan banned it");
- a pronoun completing an owned noun, or inside the owner's phrase, takes the owner ("the ELN's
  claim that it had targeted …", "ISIS's latest edition of its weekly …");
- otherwise the subject of the sentence, or of the sentences before;
- "it" in "it was reported that …" stands for nobody, but "it is led by …" does;
- "the government" is the one the sentence before is about, else the report's own country's;
  a description right before a name ("the militant group HTS") takes up nothing.
"""

from __future__ import annotations

import bisect
import re

from kg.ingest.entities import ORGANIZATIONS, PLACES, Entity, Resolution, country_actor, document_country, place_entity
from kg.ingest.mentions import Mention
from kg.ingest.plural import plural_antecedents

_PREPOSITION = re.compile(r"(?=[abfinotuw])\b(?:(?<!members )(?<!member )(?<!leaders )of|in|at|on|for|to|from|with|against|by|"
                          r"near|into|about|over|under|toward|towards)\s+(?:the\s+|its\s+|their\s+)?$")

_REFERS_TO = {
    "group": ("MilitantGroup",), "movement": ("MilitantGroup",), "network": ("MilitantGroup",),
    "faction": ("MilitantGroup",), "militants": ("MilitantGroup",), "insurgents": ("MilitantGroup",),
    "militia": ("MilitantGroup",), "jihadists": ("MilitantGroup",), "alliance": ("MilitantGroup",),
    "rebels": ("MilitantGroup",),
    "council": tuple(ORGANIZATIONS), "organisation": tuple(ORGANIZATIONS), "organization": tuple(ORGANIZATIONS),
    "country": ("Country",), "countries": ("Country",), "town": ("City",), "city": ("City",), "village": ("City",),
    "capital": ("City",),
    "province": ("Region",), "army": ("StateArmedForce",), "military": ("StateArmedForce",),
    "monitor": ("NonGovernmentalOrganization", "ResearchOrganization"), "outlet": ("MediaOutlet",),
    "agency": ("MediaOutlet", "GovernmentAgency"), "mission": ("IntergovernmentalOrganization",),
    "government": ("Government",),
    "force": ("StateArmedForce", "IntergovernmentalOrganization"),
}
#: "It was reported that …", "it is unclear whether …": an "it" that stands for no actor. A passive that has its own
#: agent or complement is the actor's ("It is led by …", "It was founded in 1990", "It is known as …").
_EXPLETIVE = re.compile(r"\s+(?:was|is|has been|had been|would be|will be)\s+(?:also\s+)?"
                        r"(?:(?:said|reported|believed|thought|expected|feared|alleged|understood|estimated|assumed|known(?!\s+as\b)"
                        r"|unclear|clear|likely|unlikely|possible|impossible|not\s+(?:yet\s+)?(?:clear|known))\b|\w+ed\s+(?:that|whether)\b)")


_PRONOUNS = frozenset(("it", "its", "they", "their"))


def take_up_anaphors(text: str, mentions: list[Mention], resolution: Resolution, *, pronouns_only: bool = False) -> None:
    """Point pronouns and definite descriptions at the actors they take up.

    ``pronouns_only`` reads "it", "its", "they" and "their" again once the descriptions are read
    (:mod:`kg.ingest.anaphora`): in a communiqué, "It rejects …" takes up "The Authority" of the
    sentence before, which the first reading did not yet know. Every other mention keeps its actors.
    """
    history: list[tuple[Mention, Entity]] = []
    subjects: dict[int, list[Entity]] = {}
    governed = resolution.governed
    for mention in mentions:
        entities = resolution.of(mention)
        if mention.kind == "demonym" and mention.country:
            place = place_entity(resolution, mention.country)
            if place is not None:
                history.append((mention, place))
            continue
        if mention.kind != "anaphor":
            subject = entities and not mention.possessive and mention.kind != "acronym"
            if subject:
                start = mention.start
                if start not in governed:
                    governed[start] = _PREPOSITION.search(text[max(0, start - 30):start]) is not None
                subject = not governed[start]
            for entity in entities:
                history.append((mention, entity))
                if subject:
                    here = subjects.setdefault(mention.sentence, [])
                    if entity not in here:
                        here.append(entity)
            continue
        found = list(entities) if pronouns_only and mention.refers not in _PRONOUNS else \
            _read(text, mention, mentions, resolution, history, subjects)
        if found:
            resolution.refers[id(mention)] = tuple(e.index for e in found)
            for entity in found:
                history.append((mention, entity))
            if not mention.possessive and mention.refers not in ("it", "they"):
                subjects.setdefault(mention.sentence, []).extend(found)


def _read(text: str, mention: Mention, mentions: list[Mention], resolution: Resolution,
          history: list[tuple[Mention, Entity]], subjects: dict[int, list[Entity]]) -> list[Entity]:
    """The actors one pronoun or description takes up."""
    if _typing_a_name(text, mention, mentions):
        return []  # "the militant group HTS": the name's type noun, taken up by nothing
    found = (_named_after_it(text, mention, mentions, resolution) or _cataphor(text, mention, mentions, resolution)
             or _home_government(text, mention, resolution, subjects) or _antecedent(text, mention, history, subjects))
    if len(found) == 1 and mention.refers and mention.refers.startswith("the "):
        found = _paragraph_topic(text, mention, mentions, resolution, history) or found
    if not found and (mention.refers or "").endswith("government"):
        country = document_country(text, resolution)
        found = [country_actor(resolution, country, "Government", mention)] if country else []
    home = document_country(text, resolution) if mention.refers in ("the army", "the military") else None
    if home and not any(e.country == home for e in found):  # in a report from Ouagadougou, Burkina Faso's army
        found = [country_actor(resolution, home, "StateArmedForce", mention)]
    if not found and mention.refers in ("the country", "both countries", "the two countries"):
        found = _country_from_demonym(mentions, mention, resolution)
    if len(found) == 2 and mention.refers in ("both countries", "the two countries"):
        home = document_country(text, resolution)
        place = place_entity(resolution, home) if home else None
        if place is not None and place not in found:
            found = [place, found[1]]  # in a report from Maputo, "the two countries" include Mozambique
    return found


def _home_government(text: str, mention: Mention, resolution: Resolution, subjects: dict[int, list[Entity]]) -> list[Entity]:
    """"the government", "the internationally recognised government": the government the sentence before is about, else
    the government of the country the report is about, not whichever government was named last ("backed by the UAE")."""
    if not (mention.refers or "").endswith(" government") or mention.refers.split()[0] != "the" \
            or text[max(0, mention.start - 3):mention.start].rstrip().endswith(","):
        return []  # "The Bangsamoro Transition Authority, the interim regional government": the name beside it
    last = max((s for s in subjects if s < mention.sentence and subjects[s]), default=None)
    if last is not None and mention.sentence - last <= 1 and subjects[last][0].type == "Government":
        return []  # the general rule takes it up
    country = document_country(text, resolution)
    return [country_actor(resolution, country, "Government", mention)] if country else []


def _typing_a_name(text: str, mention: Mention, mentions: list[Mention]) -> bool:
    """"the militant group HTS", "the armed group Fano": a description right before a name says the name's class."""
    if not (mention.refers or "").startswith("the ") or mention.possessive:
        return False
    at = bisect.bisect_left(mentions, mention.end, key=lambda m: m.start)
    following = mentions[at] if at < len(mentions) else None
    return following is not None and following.kind not in ("anaphor", "demonym") \
        and not text[mention.end:following.start].strip()


_FRONTED = re.compile(r"(?:In|On|At|After|Before|Through|Via|With|Despite|During|From|Under)\b[^,.;]*$")


def _cataphor(text: str, mention: Mention, mentions: list[Mention], resolution: Resolution) -> list[Entity]:
    """"In a statement posted on its Telegram channels, HTS accused …": a possessive in a phrase that
    opens the sentence takes up the subject named right after the comma."""
    if mention.refers not in ("its", "their"):
        return []
    opening = max(text.rfind("\n", 0, mention.start), text.rfind(". ", 0, mention.start) + 1) + 1
    if not _FRONTED.match(text[opening:mention.start].lstrip()):
        return []
    comma = text.find(",", mention.end)
    following = next((m for m in mentions if m.start > comma and m.kind != "anaphor"), None) if comma >= 0 else None
    if following is None or text[comma + 1:following.start].strip() not in ("", "the"):
        return []
    return [e for e in resolution.of(following) if e.type in ORGANIZATIONS][:1]


def _paragraph_topic(text: str, mention: Mention, mentions: list[Mention], resolution: Resolution,
                     history: list[tuple[Mention, Entity]]) -> list[Entity]:
    """"The group is led by X … The same report estimated that ISKP had …": a description that opens a
    paragraph takes up the actor of its kind the paragraph goes on to name, if one was named before."""
    opening = text.rfind("\n", 0, mention.start) + 1
    if re.search(r"[.!?][\"”’]?\s", text[opening:mention.start]):
        return []
    words = (mention.refers or "").split()
    wanted = _REFERS_TO.get(words[-1] if words else "", ())
    closing = text.find("\n", mention.end)
    closing = len(text) if closing < 0 else closing
    earlier = {e.index for m, e in history if m.start < opening}
    for later in mentions:
        if mention.end < later.start < closing and later.kind != "anaphor":
            named = [e for e in resolution.of(later) if e.type in wanted and e.index in earlier]
            if named:
                return named[:1]
    return []


_APPOSED_NAME = re.compile(r"(?:,|\s+of)\s+(?:the\s+)?$")


def _named_after_it(text: str, mention: Mention, mentions: list[Mention], resolution: Resolution) -> list[Entity]:
    """"the capital, Sanaa", "the town of Chibok": the description names its place right after."""
    if mention.refers not in ("the town", "the city", "the village", "the capital", "the province") and \
            not (mention.refers or "").endswith((" town", " city", " village", " capital", " province")):
        return []
    following = next((m for m in mentions if m.start >= mention.end and m.kind != "anaphor"), None)
    if following is None or following.start - mention.end > 6 or not _APPOSED_NAME.match(text[mention.end:following.start] + " "):
        if following is None or not re.fullmatch(r"(?:,|\s+of)\s+(?:the\s+)?", text[mention.end:following.start]):
            return []
    return [e for e in resolution.of(following) if e.type in PLACES]


def _country_from_demonym(mentions: list[Mention], mention: Mention, resolution: Resolution) -> list[Entity]:
    """"The country" after "Malian President …": the country of the last nationality word."""
    for earlier in reversed(mentions):
        if earlier.start < mention.start and earlier.kind == "demonym" and earlier.country:
            place = place_entity(resolution, earlier.country)
            return [place] if place else []
    return []


def _antecedent(text: str, mention: Mention, history: list[tuple[Mention, Entity]],
                subjects: dict[int, list[Entity]]) -> list[Entity]:
    refers = mention.refers or ""
    words = refers.split()
    noun = words[-1] if words else ""
    if refers in ("it", "its", "they", "their"):
        if refers == "it" and _EXPLETIVE.match(text, mention.end):
            return []
        return _pronoun_antecedent(text, mention, history, subjects)
    if refers in ("his", "he", "him"):
        return [e for m, e in _latest(history, lambda m, e: e.type == "Person" and mention.sentence - m.sentence <= 2)]
    plural = "two" in words or words[:1] == ["both"] or noun in ("groups", "factions", "sides", "countries", "parties")
    singular_noun = noun[:-1] if noun.endswith("s") and noun[:-1] in _REFERS_TO else noun
    wanted = _REFERS_TO.get(singular_noun, tuple(ORGANIZATIONS) if noun in ("groups", "factions", "sides", "parties") else ())
    if not wanted:
        return []
    if plural:
        return _pair_of_sentence(mention, history, wanted) or plural_antecedents(text, mention, history, subjects, wanted,
                                                                                  _PREPOSITION)
    last = max((s for s in subjects if s < mention.sentence and subjects[s]), default=None)
    if last is not None and mention.sentence - last <= 1:
        previous = subjects[last][0]
        if previous.type in wanted and previous.type not in PLACES:
            return [previous]
    return [e for m, e in _latest(history, lambda m, e: e.type in wanted and m.start < mention.start)]


def _pair_of_sentence(mention: Mention, history: list[tuple[Mention, Entity]], wanted: tuple[str, ...]) -> list[Entity]:
    """"The group is at war with ISSP, its main rival, and the two factions have fought …": a plural that follows
    exactly two actors of its kind in its own sentence takes them up, in the order named."""
    if not ("two" in (mention.refers or "").split() or (mention.refers or "").startswith("both ")):
        return []
    here: list[Entity] = []
    for m, e in reversed(history):
        if m.sentence != mention.sentence:
            break
        if m.start < mention.start and e.type in wanted:
            here.append(e)
    named: list[Entity] = []
    for e in reversed(here):
        if e not in named:
            named.append(e)
    return named if len(named) == 2 else []


def _latest(history: list[tuple[Mention, Entity]], wanted) -> list[tuple[Mention, Entity]]:
    """The latest (mention, actor) of the history that ``wanted`` accepts, as a list of none or one."""
    for m, e in reversed(history):
        if wanted(m, e):
            return [(m, e)]
    return []


_OWNED_CLAUSE = re.compile(r"\s*(?:\w+\s+){1,2}that\s+$")
_OBJECT_SLOT = re.compile(r"\b(?:(?!said|reported|added|stated|claimed|warned|announced|insisted|denied)\w+ed|to|for|with|"
                          r"against|on|by|from|at|into|over|toward|towards)\s+$")
#: "to fight it", "accused the military of breaking it": a verb whose subject is the actor named just before.
_INFINITIVE_BEFORE = re.compile(r"\b(?:to\s+[a-z]+|of\s+[a-z]+ing)\s+$")
#: What follows an object "it" and never a subject one: punctuation or a preposition ("to fight it.", "banned it in 2002").
_AFTER_OBJECT = re.compile(r"\s*(?:[.,;:!?)]|\s(?:in|on|at|to|from|with|for|by|as|under|over|into|after|before|until|during)\b)")
_OWNED_NP = re.compile(r"(?:\s+[\w-]+){1,4}\s+(?:of|in|for)\s+$")
_NEW_CLAUSE = re.compile(r",\s+(?:but|while|whereas|although|though)\s|;")
_APPOSED = re.compile(r"\s*(?:\([^)]*\))?\)?\s*,\s*$")
_CLAUSE_BOUNDARY = re.compile(r"\b(?:that|which|who|whom|whose|because|when|while|if|after|before|until|where)\b")
_REPORTED = re.compile(r"\b(?:said|says|saying|claimed|claims|claiming|stated|announced|added|told|warned|reported)\b")
_PLURAL_HEADS = re.compile(r".*\s[a-z]+s$")


def _plural(mention: Mention) -> bool:
    """"Pakistani troops", "they", "the two groups" are plural; a name ("Allied Democratic Forces") is one actor."""
    if mention.kind == "anaphor":
        return (mention.refers or "") in ("they", "their") or (mention.refers or "").endswith("s")
    return bool(_PLURAL_HEADS.fullmatch(mention.text))


def _free(text: str, mention: Mention) -> bool:
    """A mention that can be taken up: not an owner ("al-Qaeda's branch") nor the object of a preposition."""
    return not mention.possessive and not _PREPOSITION.search(text, max(0, mention.start - 30), mention.start)


def _pronoun_antecedent(text: str, mention: Mention, history: list[tuple[Mention, Entity]],
                        subjects: dict[int, list[Entity]]) -> list[Entity]:
    """"it", "its", "they", "their": the rules of the module docstring, then the subject before."""
    refers = mention.refers or ""
    wanted = ORGANIZATIONS
    before = []
    for m, e in reversed(history):  # the history is in text order: this sentence's part is at its end
        if m.sentence != mention.sentence:
            break
        if m.start < mention.start and e.type in wanted:
            before.append((m, e))
    before.reverse()
    owner = next(((m, e) for m, e in reversed(before) if m.possessive and m.kind != "anaphor"), None)
    if owner is not None and _OWNED_CLAUSE.fullmatch(text, owner[0].end, mention.start):
        return [owner[1]]  # "the ELN's claim that it had targeted …"
    if owner is not None and refers in ("its", "their") and _OWNED_NP.fullmatch(text, owner[0].end, mention.start):
        return [owner[1]]  # "ISIS's latest edition of its weekly …"
    same = [e for e in subjects.get(mention.sentence, []) if e.type in wanted]
    inside = [e for _, e in before]
    if refers == "it" and (_OBJECT_SLOT.search(text, max(0, mention.start - 20), mention.start)
                           or _AFTER_OBJECT.match(text, mention.end)):
        return _object_antecedent(text, mention, before, same, subjects)
    if refers == "its":
        speaker = next((m for m, e in before if same and e is same[0]), None)
        if speaker is not None and _REPORTED.search(text, speaker.end, mention.start):
            return [same[0]]  # "ISKP said … that one of its fighters …": the speaker's own
        agreeing = [(m, e) for m, e in before if not _plural(m) and _free(text, m)
                    and not _APPOSED.fullmatch(text, m.end, mention.start)]  # "ISSP, its main rival": not ISSP
        if agreeing and not (same and same[0] in inside and _NEW_CLAUSE.search(text, agreeing[-1][0].end, mention.start)):
            return [agreeing[-1][1]]  # "India banned the group and declared its commander …": the group
    if same and same[0] in inside:  # "the SLA and the JEM … announced that they would fight": both
        return [e for e in same if e in inside] if refers == "they" else [same[0]]
    if inside and refers == "their":
        return [inside[-1]]
    last = max((s for s in subjects if s < mention.sentence and subjects[s] and subjects[s][0].type in wanted), default=None)
    if last is not None and refers in ("it", "its") and _opens_with_pair(text, history, last):
        return []  # "The SAF and the RSF agreed to talks. It …": two equally good antecedents, no guess
    if last is not None:
        return [subjects[last][0]]
    return [e for m, e in _latest(history, lambda m, e: e.type in wanted)]


_PAIRED = re.compile(r"\)?\s*(?:\([^)]*\)\s*)?,?\s*and\s+(?:the\s+)?(?:[a-z-]+\s+){0,2}")  # "… and the militant group RSF"


def _opens_with_pair(text: str, history: list[tuple[Mention, Entity]], sentence: int) -> bool:
    """Whether the sentence's subject is two actors joined by "and" ("The SAF and the RSF …")."""
    items = [(m, e) for m, e in history if m.sentence == sentence and e.type in ORGANIZATIONS and not m.possessive][:2]
    return len(items) == 2 and items[0][1] is not items[1][1] and _PAIRED.fullmatch(text, items[0][0].end, items[1][0].start) \
        is not None


def _object_antecedent(text: str, mention: Mention, before: list[tuple[Mention, Entity]], same: list[Entity],
                       subjects: dict[int, list[Entity]]) -> list[Entity]:
    """"Pakistan banned it": an object pronoun takes an actor of its sentence that is not its clause's subject, nor,
    after "to" or "of" and a verb, that verb's subject ("deployed the KDF in Gedo to fight it": not the KDF), else
    the subject of the sentence before ("… and inflicted heavy losses on it": the group named earlier in the sentence)."""
    excluded = {e.index for m, e in before
                if same and e is same[0] and not _CLAUSE_BOUNDARY.search(text, m.end, mention.start)}
    infinitive = _INFINITIVE_BEFORE.search(text, max(0, mention.start - 40), mention.start)
    if infinitive is not None:
        excluded.update(e.index for m, e in before[-1:] if m.end <= infinitive.start())
    others = [e for m, e in before if e.index not in excluded and _free(text, m) and not _plural(m)]
    if others:
        return [others[-1]]
    earlier = [e for s in sorted(subjects, reverse=True) if s < mention.sentence
               for e in subjects[s][:1] if e.type in ORGANIZATIONS and e.index not in excluded]
    return earlier[:1]

