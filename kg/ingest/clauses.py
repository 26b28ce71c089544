"""Argument places within a sentence: coordinated groups of mentions, subjects and objects.

Input: one sentence's resolved mentions. Output: :class:`Group` lists and the searches the
relation finder uses — the subject of a clause (skipping appositions, possessors and
prepositional phrases), the object after a trigger, the possessor before it. This is
shallow syntax on purpose: a few regular expressions over the words between mentions.
"""

from __future__ import annotations

import bisect
import re

from kg.ingest.mentions import Mention
from kg.ingest.resolve import Entity, Resolution

_COORDINATION = re.compile(
    r"^(?:\s*(?:fighters|troops|forces|soldiers|militants|gunmen|insurgents|members|units))?"
    r"(?:\s*,)?\s*(?:and|or|&|as well as)?\s*(?:(?:the|a|an)\s+)?"
    r"(?:(?:neighbouring|neighboring|nearby|northern|southern|eastern|western|central)\s+)?$"
    r"|^\s*(?:[a-z]+\s*){0,2}?,?\s*(?:specifically|namely|including|such as|notably|particularly|especially)\s+(?:the\s+)?$",
)
_SPEECH = re.compile(r"said|says|told|added|warned|insisted")
_TITLED_PERSON = re.compile(r"\s*,?\s*(?:and|or)\s+(?:[A-Z][a-z]+\s+)?(?:[a-z][\w-]*\s+){1,3}")
_RELATIVE = re.compile(r"(?=w)\b(?:who|which)\b[^,;]*$")
_CUT = re.compile(r",|—|–")
_REDUCED_PASSIVE = re.compile(r"\s*(?:led|headed|commanded|founded|run|backed|supported|armed|financed)\s+by\s")
_RELATIVE_ASIDE = re.compile(r"\s*(?:which|who|whose)\s")
_KNOWN_AS = re.compile(r"\s+(?:[a-z]+\s+){0,2}(?:known|called|named)\s+as\s+(?:the\s+)?")
_ROLE_NOUN = re.compile(r"\s+(?:[a-z][\w-]*\s+){1,2}")
_THAT = re.compile(r"\bthat\s*")
_PREMODIFIER = re.compile(r"-[a-z]")
_MODIFIED_NAME = re.compile(r"-[a-z]+\s+(?:[a-z]+\s+)?")
#: "… that fought the Islamic State": "that" is the subject when a verb, not a noun phrase, follows it.
_SUBJECT_RELATIVE = re.compile(r"\s*(?:[a-z]+ly\s+)?(?:has|have|had|is|are|was|were|will|would|could|can|may|might|did|does|"
                               r"[a-z]+ed|fought|led|took|held|sent|began|broke|split|left|became|won|lost|struck|ran|"
                               r"made|kept|grew|rose|swore|fled|hit|drove|stood|spread|sought)\b")
_APPOSED = re.compile(r"\s*\([A-Z][\w&.-]*\)\s*,\s*(?:a|an|the|another)\s|\s*,\s*(?:a|an|the|another)\s")
_PARTITIVE = re.compile(r"(?=[acdfghilmorstu])\b(?:(?:one|some|many|several|two|three|dozens|hundreds|members|fighters|militants|"
                        r"gunmen|troops|soldiers|forces|instructors|advisers|advisors|units|commanders|operatives|mercenaries|"
                        r"governments|authorities|armies|militaries|leaders)"
                        r"\s+(?:of|from)|(?:gunmen|fighters|men|members)\s+(?:believed|thought|said|suspected|reported)\s+to\s+"
                        r"(?:belong\s+to|be\s+from))\s+(?:the\s+)?$", re.IGNORECASE)
_PUNCTUATION = re.compile(r"[,;:.]")
_ACRONYM = re.compile(r"^\s*(?:['’]s)?\s*\(\s*[A-Z][\w&.-]*\s*\)")
_APPOSITION = re.compile(r"\b(?:specifically|namely|including|such as|notably|particularly|especially)\b")
_LIST_WORD = re.compile(r"\b(?:and|or|&|as well as|specifically|namely|including|such as|notably|particularly|especially)\b")
PREPOSITION = re.compile(
    r"(?=[abfilnotuvw])\b(?:of|in|at|on|for|to|from|with|against|by|near|into|about|over|under|toward|towards|between|among|than|like|"
    r"across|throughout|inside|outside|around|via|within|without|behind)\s+(?:(?:the|its|their|his|her|a|an)\s+)?"
    r"(?:[a-z][\w-]*\s+|[A-Z][a-z]+(?:an|i|ese|ish)\s+){0,2}$")
# The lookahead lets the engine skip, in one test, the many positions where no alternative can start: a word
# alternative starts a word with one of these beginnings (not "the", "to", "on"), the dash has a space before it. The
# first lookahead, a class of the characters any of them starts with, passes over the other positions faster still.
HARD_BOUNDARY = re.compile(
    r"(?=[;:,\s—–tabwuoids])(?=[;:,]|\s[—–]|(?<!\w)(?:th[ar]|aft|bef|wh[ei]|un[tdl]|onc|in|dur|bec|alt|but|due|if|sa[iy]|tol|add|war))"
    r"(?:[;:]|\s[—–]\s|\bthat\b|\b(?:after|before|when|until|once)\s+(?=(?:its|their|his|her|the|a|an)\s|[A-Z][a-z]+\s+[a-z]+\s)|"
    r"\b(?:in|under|during|through)\s+which\b|\bbecause\b|\balthough\b|\bwhile\b|\bwhereas\b|\bbut\b|\bdue to\b|"
    r"\bif\b|\bunless\b|"
    r",\s*(?:as|after|before|when|since|until|and then|and)\s|"
    r"\b(?:said|says|told\s+\w+|added|warned|insisted)\s+(?=(?:the|a|an|its|their|his|her)\s|[A-Z]))")
RIGHT_STOP = re.compile(
    r"(?=[;:,]|(?<!\w)[abdiostuw])(?:[;:]|\b(?:that|which|who|whom|whose|because|although|while|whereas|but|due to|if|unless|"
    r"when|after|before|as|since|says?|said|according|by\s+\w+ing|opposed\s+to)\b|,\s*(?:and|or)?\s*(?:\w+\s+)?(?:said|says|saying|told|adding)\b"
    r"|,\s*(?:and\s+)?[a-z]+ed\s+(?!by\b)|,\s*an?\s)")  # "accused Pakistan of supporting terrorism, suspended India's …";
#  "attacked the market, a target X had protected": a noun phrase after ", a" is an apposition, not the object
_CALLS_ITSELF = re.compile(r"\b(?:that|which|who)\s+(?:calls|called)\s+(?:itself|themselves|himself|herself)\s+$")
_LEADING_PREPOSITION = re.compile(r"^\s*(?:at|by|for|from|to|in|on|into|with|against|over|near|about|of|through|via)\s")
FORCE_HEADS = re.compile(r"^\s+(?:fighters|troops|forces|militants|members|soldiers|gunmen|insurgents|units|leadership|"
                         r"leaders|commanders|operatives|men|jihadists|cells)\b")


class Group:
    """Mentions joined by "and", "or", commas or "specifically": one argument place."""

    __slots__ = ("items", "start", "end", "possessive", "_entities")

    def __init__(self, items: list[Mention]) -> None:
        self.items = items
        self.start = items[0].start
        self.end = items[-1].end
        self.possessive = items[-1].possessive
        self._entities: list[Entity] | None = None

    def add(self, item: Mention) -> None:
        self.items.append(item)
        self.end = item.end
        self.possessive = item.possessive

    def entities(self, resolution: Resolution) -> list[Entity]:
        if self._entities is None:
            found: list[Entity] = []
            for item in self.items:
                for entity in resolution.of(item):
                    if entity not in found:
                        found.append(entity)
            self._entities = found
        return list(self._entities)


def groups_of(text: str, mentions: list[Mention], resolution: Resolution) -> list[Group]:
    """Join a sentence's resolved mentions into coordinated groups."""
    resolved = [m for m in mentions if resolution.refers.get(id(m))]
    # "the Afghan Taliban": a nationality word right before a name only describes it.
    resolved = [m for i, m in enumerate(resolved) if not (m.kind == "demonym" and i + 1 < len(resolved)
                                                          and text[m.end:resolved[i + 1].start] == " ")]
    groups: list[Group] = []
    for mention in resolved:
        if groups and mention.kind == "acronym" and mention.alias_of == groups[-1].items[-1].start:
            continue  # "Islamic State in the Greater Sahara (ISGS)": one mention
        between = text[groups[-1].end:mention.start] if groups else ""
        between = _ACRONYM.sub("", between) if "(" in between else between  # only a bracket opens an acronym
        if groups and mention.start > groups[-1].end and _COORDINATION.match(between) \
                and (not groups[-1].possessive or _APPOSITION.search(between) or FORCE_HEADS.match(between)):
            groups[-1].add(mention)
        elif groups and mention.type == "Person" and groups[-1].items[-1].type == "Person" \
                and not groups[-1].possessive and _TITLED_PERSON.fullmatch(between):
            groups[-1].add(mention)  # "Iranian general Qassem Soleimani and Iraqi militia commander Abu Mahdi al-Muhandis"
        else:
            groups.append(Group([mention]))
    return [part for group in groups for part in _split_unlisted(text, group)]


def _split_unlisted(text: str, group: Group) -> list[Group]:
    """A run joined by commas alone is no list ("Al-Shabaab, al-Qaeda's affiliate"): split it."""
    if len(group.items) < 2:
        return [group]
    joins = [text[a.end:b.start] for a, b in zip(group.items, group.items[1:])]
    if any(_LIST_WORD.search(j) for j in joins):
        return [group]
    return [Group([item]) for item in group.items]


def governed(text: str, group: Group, floor: int) -> bool:
    """Whether a preposition governs the group ("in Mali", "against al-Qaeda"); "one of its fighters" is a part of it."""
    before = text[max(floor, group.start - 40):group.start]
    return bool(PREPOSITION.search(before)) and not _PARTITIVE.search(before)


def eligible_subject(text: str, group: Group, floor: int) -> bool:
    if group.possessive and not FORCE_HEADS.match(text[group.end:group.end + 20]):
        return False
    if _PREMODIFIER.match(text, group.end):
        return False  # "Al-Qaeda-linked militants killed …": the militants are not al-Qaeda
    return not governed(text, group, floor)


#: An apposition between a name and the relative pronoun that takes it up: "X, the deputy head of Hamas in Gaza, who …".
_APPOSITION_TO_RELATIVE = re.compile(r"\s*(?:\([A-Z][\w&.-]*\)\s*)?,\s*(?:the|a|an|its|their|his|her)\s[^,;()]*,\s*")


#: A relative pronoun with a singular verb: it takes up one name, not a list.
_SINGULAR_RELATIVE = re.compile(r"(?:which|who|that)\s+(?:[a-z]+ly\s+)?(?:is|was|has)\b")


def _antecedent(text: str, before: list[Group], relative: int) -> Group | None:
    """What a relative pronoun takes up: the name an apposition describes ("X, the deputy head of Hamas in Gaza, who
    lives in Doha": X, not Gaza), else the nearest name that is not a possessor, its last member when the verb is
    singular."""
    for group in before:
        if not group.possessive and _APPOSITION_TO_RELATIVE.fullmatch(text, group.end, relative):
            return group
    nearest = next((g for g in reversed(before) if not g.possessive), None)
    if nearest is not None and len(nearest.items) > 1 and _SINGULAR_RELATIVE.match(text, relative):
        return Group(nearest.items[-1:])  # "the HNP and the MSS mission, which is commanded by X": the mission
    return nearest


def clause_floor(text: str, sentence_start: int, position: int) -> int:
    """Where the clause holding ``position`` starts: after the last hard boundary before it."""
    floor = sentence_start
    for match in HARD_BOUNDARY.finditer(text, sentence_start, position):
        floor = match.end()
    return floor


class Clauses:
    """A sentence's clause boundaries and subjects, worked out once and asked for often."""

    def __init__(self, text: str, start: int, end: int, groups: list[Group]) -> None:
        self.text, self.start, self.end, self.groups = text, start, end, groups
        self._boundaries: list[tuple[int, int]] | None = None
        self._stops: list[int] = []
        self._subjects: dict[int, Group | None] = {}
        self._cuts: list[int] | None = None

    @property
    def _ends(self) -> list[tuple[int, int]]:
        """The hard boundaries (start, end), found on first use: most sentences never ask."""
        if self._boundaries is None:
            self._boundaries = [(m.start(), m.end()) for m in HARD_BOUNDARY.finditer(self.text, self.start, self.end)]
            self._stops = [end for _, end in self._boundaries]
        return self._boundaries

    def floor(self, position: int) -> int:
        """The end of the last boundary at or before ``position`` (the boundaries do not overlap: their ends ascend)."""
        at = bisect.bisect_right(self._stops, position) if self._ends else 0
        return self._stops[at - 1] if at else self.start

    def subject(self, position: int) -> Group | None:
        """The clause's subject; in reported speech with no actor as its subject ("CENTCOM said a drone
        strike killed …"), the speaker's."""
        if position not in self._subjects:
            floor = self.floor(position)
            found = subject(self.text, self.groups, self.start, position, floor, self._cuts_to(position))
            if found is None:
                speech = next((a for a, b in self._ends if b == floor and _SPEECH.match(self.text, a)), None)
                if speech is not None:
                    found = subject(self.text, self.groups, self.start, speech, self.floor(speech), self._cuts_to(speech))
            self._subjects[position] = found
        return self._subjects[position]

    def _cuts_to(self, position: int) -> list[int] | None:
        """The sentence's commas and dashes outside names, found once for every position asked (none past its end)."""
        if position > self.end:
            return None
        if self._cuts is None:
            self._cuts = [m.start() for m in _CUT.finditer(self.text, self.start, self.end)
                          if not any(g.start < m.start() < g.end for g in self.groups)]
        return self._cuts


def subject(text: str, groups: list[Group], sentence_start: int, position: int, floor: int | None = None,
            sentence_cuts: list[int] | None = None) -> Group | None:
    """The subject of the clause that ``position`` is in.

    The nearest comma-separated stretch before ``position`` that holds a group in subject
    position gives its first such group; appositions ("X, al-Qaeda's affiliate in East
    Africa, claimed") and prepositional phrases are passed over. A relative pronoun
    ("…fighters, who have expanded…") takes the group before it. ``sentence_cuts``: the
    commas and dashes outside names of the whole sentence, if known.
    """
    floor = clause_floor(text, sentence_start, position) if floor is None else floor
    before = [g for g in groups if floor <= g.start and g.end <= position]
    relative = _RELATIVE.search(text, floor, position)
    that = _THAT.search(text, max(sentence_start, floor - 6), floor) if floor > sentence_start else None
    if that and that.end() == floor and (_SUBJECT_RELATIVE.match(text, floor)
                                         or not [g for g in groups if floor <= g.start < position]):
        antecedent = [g for g in groups if g.end <= that.start() and not text[g.end:that.start()].strip()]
        if antecedent:  # "a coalition that backs the government": the noun right before
            return Group(antecedent[-1].items[-1:])
        for group in reversed([g for g in groups if g.end <= that.start()]):
            apposed = _APPOSED.match(text, group.end)
            if apposed and not _CUT.search(text, apposed.end(), that.start()):
                return Group(group.items[-1:])  # "the PMF, an umbrella of Shiite militias that fought …": the PMF
    if relative and not [g for g in before if g.start > relative.start() and eligible_subject(text, g, relative.start())]:
        return _antecedent(text, [g for g in groups if g.end <= relative.start()], relative.start())
    if not before:
        return None  # no group stands in the clause before the position: no stretch can hold its subject
    if sentence_cuts is None:
        cuts = [floor] + [m.start() for m in _CUT.finditer(text, floor, position)
                          if not any(g.start < m.start() < g.end for g in groups)]
    else:
        cuts = [floor, *sentence_cuts[bisect.bisect_left(sentence_cuts, floor):bisect.bisect_left(sentence_cuts, position)]]
    for left in reversed(cuts):
        right = min([c for c in cuts if c > left] + [position])
        if not any(left <= g.start < right for g in before):
            continue  # no group in the stretch: nothing to take, whatever the stretch is
        if left > floor and _REDUCED_PASSIVE.match(text, left + 1):
            continue  # "the GNU, led by Prime Minister X, controls Tripoli": X is the agent of an aside
        if left > floor and right < position and _RELATIVE_ASIDE.match(text, left + 1):
            continue  # "the Africa Corps, which replaced the Wagner Group, is deployed": the Wagner Group is the aside's
        first = next((g for g in before if left <= g.start < right and eligible_subject(text, g, left)
                      and not _premodifier(text, g, before)), None)
        if first is not None:
            known_as = _KNOWN_AS.match(text, first.end)
            named = next((g for g in before if known_as and g.start == known_as.end()), None)
            return named or first  # "A Tebu militia known as the Desert Shield Brigade clashed …": the named group
    return None


_TITLE_BETWEEN = re.compile(r"\s+(?:(?:military|official|chief|deputy|senior|former|top)\s+)?"
                            r"(?:spokesman|spokeswoman|spokesperson|leader|emir|commander|chief|head|founder|president|"
                            r"minister|envoy|negotiator)\s+(?:(?:General|Colonel|Col\.|Gen\.|Major|Captain|Sheikh)\s+)?")


def _premodifier(text: str, group: Group, groups: list[Group]) -> bool:
    """"ISIS spokesman Abu Hamza al-Qurashi": ISIS modifies the title; the person is the subject."""
    following = next((g for g in groups if g.start >= group.end), None)
    return following is not None and _TITLE_BETWEEN.fullmatch(text[group.end:following.start]) is not None


def object_after(text: str, groups: list[Group], position: int, limit: int, words: int = 8) -> Group | None:
    """The first group after ``position`` in the same clause, at most ``words`` words away."""
    for group in groups:
        if group.start < position:
            later = [item for item in group.items if item.start >= position]
            if not later:
                continue
            group = Group(later)  # "JNIM’s leadership, specifically Iyad Ag Ghaly and Amadou Kouffa"
        if _PREMODIFIER.match(text, group.end):
            if len(group.items) == 1:
                continue  # "the Iran-aligned Houthi movement": Iran only modifies the name after it
            modified = next((g for g in groups if g.start > group.end and _MODIFIED_NAME.fullmatch(text, group.end, g.start)),
                            None)  # "the HNP and the Kenya-led Multinational Security Support mission": the HNP and the MSS
            group = Group(group.items[:-1] + (modified.items[:1] if modified else []))
        between = text[position:group.start]
        if _CALLS_ITSELF.search(between):  # "against the extremist armed group that calls itself Fano"
            between = between[:_CALLS_ITSELF.search(between).start()]
        if (group.start > limit or RIGHT_STOP.search(between) or len(between.split()) > words
                or _LEADING_PREPOSITION.match(between)):
            return None
        head = next((g for g in groups if g.start > group.end), None)
        if group.possessive and group.items[-1].kind == "anaphor" and len(group.items) > 1:
            group = Group(group.items[:-1])  # "warns the Eritrean regime and its collaborators": the regime
        elif group.possessive and group.items[-1].kind == "anaphor":
            if head is not None and head.items[0].kind != "anaphor" and (_ROLE_NOUN.fullmatch(text, group.end, head.start)
                                                                       or not text[group.end:head.start].strip()):
                return head  # "killed his predecessor Hassan Nasrallah"; "the military's Northeastern Command"
            return None  # "at its gates": the gates, not the group
        if group.possessive and head is not None and re.fullmatch(r"\s*", text[group.end:head.start]):
            return head  # "Syria's Idlib province"
        return group
    return None


def possessor_before(text: str, groups: list[Group], position: int, words: int = 4) -> Group | None:
    """The possessor just before ``position``: "ISIS's [latest] spokesman", "JNIM's leadership"."""
    items = [item for group in groups for item in group.items if item.end <= position]
    if not items:
        return None
    item = max(items, key=lambda m: m.end)
    between = text[item.end:position]
    if item.possessive and len(between.split()) <= words and not _PUNCTUATION.search(between):
        return Group([item])
    return None
