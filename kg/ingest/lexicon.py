"""The text lexicon, read from the ontology (``ontology/lexicon.ttl``) and compiled for matching.

Input: the ontology triples. Output: :class:`Lexicon` — relation and event templates
indexed by their first word, titles, name patterns, type nouns and hedges. The template
syntax is documented at the top of ``ontology/lexicon.ttl``; the office titles, weighing words, "whose" words and
the relations whose parties a trigger places, at the top of ``ontology/lexicon-offices.ttl``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache, cached_property

import pyoxigraph as ox

from kg.ingest.cues import EntityCues, entity_cues
from kg.ingest.known import key
from kg.ontology import ontology_graph, relations
from kg.vocab import KG, KG_NS, RDFS

#: Space, quotes and dashes that may stand between two words of a phrase.
SEP = r"[\s\"“”‘’']+"
_GAP = r"(?:(?:\d[\d,.]*\d|[^\s,.;:()]+)[\s\"“”‘’']+){0,6}?"
#: "**" in a template: up to 25 words with commas and brackets, within one clause (no ; : or sentence end).
_WIDE_GAP = SEP + r"(?:[^\s;:.!?]+[\s\"“”‘’']+){0,25}?"
#: "%" in a template: when and where, between a noun and its preposition — dates, numbers, capitalised
#: place names and the nouns that follow them, joined by commas, "and" and prepositions.
_SETTING = (r"(?:,?\s+(?:between|from|to|and|in|on|at|near|around|across|throughout|of|the|since|during|last|this|"
            r"\d[\d,]*|(?-i:[A-Z][\w'’.-]*)|(?:zone|region|area|district|province|state|township|week|month|year|day)s?)(?![\w'’-])){1,30}?")
#: Articles glued to the noun they open ("al-Qaeda"): a capitalised name may start at one.
GLUED_ARTICLES = ("al", "el", "ad", "an", "ash", "as", "at", "az")
_HEAD_NOUN = ox.NamedNode(KG_NS + "headNoun")
_LEAD_NOUN = ox.NamedNode(KG_NS + "leadNoun")
_CUE_PHRASE = ox.NamedNode(KG_NS + "cuePhrase")
#: The annotations of ``ontology/lexicon-offices.ttl``: each a word list of the extractor's before.
_HEAD_TITLE = ox.NamedNode(KG_NS + "headTitle")
_PROSPECT = ox.NamedNode(KG_NS + "prospect")
_PLACES_PARTIES = ox.NamedNode(KG_NS + "placesParties")
_UNPLACED_ENDING = ox.NamedNode(KG_NS + "unplacedEnding")
_WHOSE_MODIFIER = ox.NamedNode(KG_NS + "whoseModifier")
_WHOSE_NOUN = ox.NamedNode(KG_NS + "whoseNoun")
_WORD_LISTS = {_HEAD_TITLE: "head_titles", _UNPLACED_ENDING: "unplaced_endings", _WHOSE_MODIFIER: "whose_modifiers",
               _WHOSE_NOUN: "whose_nouns"}


@dataclass(frozen=True)
class Slot:
    """An argument place in a template: S, O or SO, its required class, and its form."""

    role: str
    cls: str | None = None
    possessive: bool = False
    earlier: bool = False
    inner: bool = False


@dataclass(frozen=True)
class Template:
    """One trigger of a relation, event or attribution, compiled."""

    target: str
    text: str
    left: tuple[Slot, ...]
    right: Slot | None
    pattern: re.Pattern | None
    first_words: frozenset[str]
    glued: bool = False
    #: The phrase starts with a verb (``attack~``): after "the", "its" or a possessive the word is a noun instead.
    verbal: bool = False
    #: The left slot touches the phrase ("S fighters in O"), no "*" between them.
    adjacent: bool = False

    @property
    def literal_words(self) -> int:
        return len(self.text.split()) - len(self.left) - (1 if self.right else 0)

    # What the relation stage asks of a template at each of its matches, worked out at the first.
    @cached_property
    def mutual(self) -> bool:
        """Whether one argument place holds both parties ("SO clashed")."""
        return any(s.role == "SO" for s in self.left) or bool(self.right and self.right.role == "SO")

    @cached_property
    def subject_slot(self) -> Slot | None:
        return self._slot("S")

    @cached_property
    def object_slot(self) -> Slot | None:
        return self._slot("O")

    @cached_property
    def outer(self) -> tuple[Slot, ...]:
        """The left slots outside the phrase."""
        return tuple(s for s in self.left if not s.inner)

    def _slot(self, role: str) -> Slot | None:
        return next((s for s in (*self.left, self.right) if s is not None and s.role == role), None)


@dataclass(frozen=True)
class NamePattern:
    """A name form: its class and elements, each a word, ``…`` (capitalised words), ``{demonym}`` or ``{country}``."""

    cls: str
    elements: tuple[str, ...]
    text: str


@dataclass
class Lexicon:
    templates: dict[str, list[Template]] = field(default_factory=lambda: defaultdict(list))
    possessive_templates: list[Template] = field(default_factory=list)
    #: Per first word, all its templates in one alternation: where it does not match, none of them does.
    any_template: dict[str, re.Pattern] = field(default_factory=dict)
    name_triggers: dict[str, str] = field(default_factory=dict)
    intent: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str | None] = field(default_factory=dict)
    name_patterns: list[NamePattern] = field(default_factory=list)
    type_nouns: dict[str, str] = field(default_factory=dict)
    hedges: tuple[str, ...] = ()
    hedge_pattern: re.Pattern | None = None
    titles_by_length: tuple[str, ...] = ()
    #: The titles that relate a person to an organisation, longest first, with their relation.
    relation_titles: tuple[tuple[str, str], ...] = ()
    #: Any title at the end of a text, longest first (one search instead of a loop over titles).
    title_at_end: re.Pattern | None = None
    #: The titles' words, by their first word.
    title_words: dict[str, list[list[str]]] = field(default_factory=dict)
    #: The titles by their last two characters, longest first, and those shorter than two.
    titles_by_ending: dict[str, list[str]] = field(default_factory=dict)
    short_titles: tuple[str, ...] = ()
    domains: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: ``kg:headNoun`` words by class ("Restoration Council" … "Council": an armed group's), as word tuples.
    head_nouns: dict[tuple[str, ...], str] = field(default_factory=dict)
    #: ``kg:leadNoun``: the head nouns of names written head first ("Cártel de Sinaloa").
    lead_nouns: dict[tuple[str, ...], str] = field(default_factory=dict)
    #: The most words a head or lead noun has.
    head_length: int = 0
    #: ``kg:cuePhrase`` annotations: (class, phrase).
    cue_phrases: tuple[tuple[str, str], ...] = ()
    #: The compiled patterns of the entity rules (cue phrases, roles in apposition, signatures).
    cues: EntityCues | None = None
    #: Name forms (``kg:namePattern``) by their first literal word, with that word's position.
    name_pattern_index: dict[str, list[tuple[NamePattern, int]]] = field(default_factory=dict)
    #: The words a capitalised name or a title may start with, beside a capital: glued articles and titles' first words.
    chunk_openers: frozenset[str] = frozenset()
    #: The normalised one-word type nouns ("group"): a name's trailing class noun, dropped from its key.
    noun_keys: frozenset[str] = frozenset()
    #: The last words of the type nouns: a text whose last word is none of them ends with no type noun.
    type_noun_ends: frozenset[str] = frozenset()
    #: ``kg:headTitle`` by class: the titles that alone name the country's armed forces or government.
    head_titles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: ``kg:prospect``: the words right before a trigger that say its deed is only weighed, ending the text searched.
    prospect: re.Pattern = re.compile("(?!)")
    #: ``kg:placesParties``: the relations whose parties act where the trigger's sentence says.
    placing: frozenset[str] = frozenset()
    #: ``kg:unplacedEnding`` by relation: the ends of its triggers whose party there is not placed (a backer).
    unplaced_endings: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: ``kg:whoseModifier`` and ``kg:whoseNoun`` by class or relation: the words after "whose".
    whose_modifiers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    whose_nouns: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def title_ending(self, text: str) -> re.Match | None:
        """The title ``text`` ends with, as :attr:`title_at_end` finds it, trying only the titles that end as it does.

        The pattern's search is leftmost, so the longest title that ends the text (and has
        no letter or hyphen before it) wins: the titles are tried longest first.
        """
        end = len(text) - 1 if text[-1:] == "\n" else len(text)  # "$" also matches before a final line break
        for title in (*self.titles_by_ending.get(text[max(0, end - 2):end], ()), *self.short_titles):
            start = end - len(title)
            if start >= 0 and text.startswith(title, start):
                match = self.title_at_end.match(text, start)
                if match:
                    return match
        return None


def first_letters(phrases) -> str:
    """A character class of the letters the phrases can begin with, in either case.

    A pattern of many alternatives led by ``(?=[…])`` is tried only where one can start,
    which makes a scan over a whole text several times faster and matches the same.

    >>> first_letters(["more or less", "Apparent"])
    '[AMam]'
    """
    return "[" + "".join(re.escape(c) for c in sorted({c for p in phrases for c in (p[:1].lower(), p[:1].upper())})) + "]"


def inflections(verb: str) -> list[str]:
    """Regular English verb forms, generously: over-generating is harmless to matching.

    >>> inflections("cooperate")
    ['cooperate', 'cooperates', 'cooperated', 'cooperating']
    >>> inflections("ally")
    ['ally', 'allies', 'allied', 'allying']
    """
    if verb.endswith("e"):
        return [verb, verb + "s", verb + "d", verb[:-1] + "ing"]
    if re.search(r"[^aeiou]y$", verb):
        return [verb, verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"]
    forms = [verb, verb + ("es" if re.search(r"(s|sh|ch|x|z)$", verb) else "s"), verb + "ed", verb + "ing"]
    if re.search(r"[^aeiou][aeiou][bdglmnprt]$", verb):
        forms += [verb + verb[-1] + "ed", verb + verb[-1] + "ing"]
    return forms


def phrase_alternation(phrases) -> str:
    r"""One regex group matching any of the phrases (words as in a template: ``word~``, ``a|b``), longest first, each space
    any run of white space. No phrases: a group that matches nowhere.

    >>> print(phrase_alternation(["prime minister", "mull~"]))
    (?:prime\s+minister|mulling|mulled|mulls|mull)
    >>> print(phrase_alternation([]))
    (?!)
    """
    if not phrases:
        return "(?!)"
    forms: set[str] = set()
    for phrase in phrases:
        alternatives = [""]
        for word in phrase.split():
            alternatives = [f"{before} {form}".strip() for before in alternatives for form in _alternatives(word)]
        forms.update(alternatives)
    ordered = sorted(forms, key=lambda f: (-len(f), f))
    return "(?:" + "|".join(r"\s+".join(map(re.escape, f.split())) for f in ordered) + ")"


def _alternatives(word: str) -> list[str]:
    forms = []
    for alt in word.split("|"):
        forms += inflections(alt[:-1]) if alt.endswith("~") else [alt.replace("_", " ")]
    return forms


def _slot(token: str) -> Slot | None:
    match = re.fullmatch(r"(SO|S|O)(…)?(?:\[(\w+)\])?('s)?,?", token)
    if not match:
        return None
    return Slot(role=match[1], cls=match[3], possessive=bool(match[4]), earlier=bool(match[2]))


def compile_template(target: str, text: str) -> Template:
    """Parse ``[slots] phrase [slot]`` into a :class:`Template` with its phrase regex."""
    words = text.replace(",", " , ").split()
    adjacent = len(words) > 1 and _slot(words[0]) is not None and words[1] not in ("*", ",")
    left: list[Slot] = []
    while words and (_slot(words[0]) or words[0] in ("*", ",")):
        slot = _slot(words.pop(0))
        if slot:
            left.append(slot)
    right = None
    if words and _slot(words[-1]):
        right = _slot(words.pop())
    while words and words[0] in ("*", ","):
        words.pop(0)
    for index, word in enumerate(words):
        inner = _slot(word)
        if inner is not None:  # "S regards O as apostates": the argument inside the phrase
            left.append(Slot(inner.role, inner.cls, inner.possessive, inner=True))
            words[index] = "*"
    while words and words[-1] == "*":
        words.pop()
    if not words:
        return Template(target, text, tuple(left), right, None, frozenset())
    glued = words[0].startswith("-")
    pieces: list[str] = []
    previous_gap = True
    first: set[str] = set()
    for index, word in enumerate(words):
        if word == "*":
            if pieces and pieces[-1] == SEP + _GAP:
                continue  # "S * O's * branch" with an argument between: one gap
            pieces.append(SEP + _GAP)
            previous_gap = True
            continue
        if word == "**":
            if pieces and pieces[-1] == SEP + _GAP:
                pieces.pop()  # "by S ** against": the argument's gap is the wide one
            pieces.append(_WIDE_GAP)  # "attacks carried out by S, notably JNIM and ISSP, against O"
            previous_gap = True
            continue
        if word == "%":
            pieces.append(_SETTING)  # "operations between 3 and 10 May in the East Gojjam … zones against"
            previous_gap = False
            continue
        if word == ",":
            pieces.append(r"\s*,")
            previous_gap = False
            continue
        if word.startswith("!"):
            not_next = "|".join(re.escape(w) for w in word[1:].split("|"))
            pieces.append(f"(?!{SEP}(?:{not_next})\\b)")
            continue
        optional = word.endswith("?") and len(word) > 1
        word = word.rstrip("?") if optional else word
        if index == 0 and glued:
            word = "|".join(alt.lstrip("-") for alt in word.split("|"))
        forms = _alternatives(word)
        if index == 0 or index == 1 and words[0].endswith("?") and len(words[0]) > 1:
            first.update(f.split("-")[0].split()[0].lower() for f in forms)  # "heavy? fighting": either word opens it
        body = "(?:" + "|".join(re.escape(f).replace(r"\ ", SEP) for f in sorted(forms, key=len, reverse=True)) + ")"
        glue = "" if previous_gap or index == 0 else ("-" if word.startswith("-") else SEP)
        if word.startswith("-") and index > 0:
            body = body.replace("(?:-", "(?:", 1)
        if optional and index == 0:
            pieces.append(f"(?:{body}{SEP})?")  # an optional first word: the phrase may open at the next one
            previous_gap = True
            continue
        pieces.append(f"(?:{glue}{body})?" if optional else glue + body)
        previous_gap = False
    regex = "".join(pieces) + r"(?![\w-])"
    verbal = any(alt.endswith("~") for alt in words[0].split("|"))
    return Template(target, text, tuple(left), right, re.compile(regex, re.IGNORECASE), frozenset(first), glued, verbal,
                    adjacent)


def _parse_name_pattern(cls: str, text: str) -> NamePattern:
    elements: list[str] = []
    for item in text.split():
        if item == "…":
            elements.append(item)
        elif item.startswith("{"):
            placeholder, _, rest = item.partition("}")
            elements.append(placeholder + "}")
            elements.extend(w for w in rest.split("-") if w)
        else:
            elements.extend(w for w in re.split(r"[\s-]+", item.replace("'s", "")) if w and w != "…")
            if item.endswith("…"):
                elements.append("…")
    return NamePattern(cls, tuple(elements), text)


def _local(term: ox.NamedNode) -> str:
    return term.value[len(KG_NS):] if term.value.startswith(KG_NS) else term.value


@cache
def lexicon() -> Lexicon:
    """The compiled lexicon of the ontology (cached: the ontology does not change while running)."""
    result = Lexicon()
    hedges = []
    cue_phrases: list[tuple[str, str]] = []
    word_lists: dict[str, dict[str, list[str]]] = {name: defaultdict(list) for name in _WORD_LISTS.values()}
    prospects: list[str] = []
    placing: set[str] = set()
    for triple in ontology_graph():
        if not isinstance(triple.subject, ox.NamedNode) or not triple.subject.value.startswith(KG_NS):
            continue
        subject, value = _local(triple.subject), triple.object
        if triple.predicate == KG.trigger:
            template = compile_template(subject, value.value)
            if template.pattern is None:
                result.possessive_templates.append(template)
            for word in template.first_words:
                result.templates[word].append(template)
        elif triple.predicate == KG.title:
            if subject == "Person":
                result.titles.setdefault(value.value, None)
            else:
                result.titles[value.value] = subject
        elif triple.predicate == KG.namePattern:
            result.name_patterns.append(_parse_name_pattern(subject, value.value))
        elif triple.predicate == KG.typeNoun:
            result.type_nouns.setdefault(value.value.lower(), subject)
        elif triple.predicate == KG.nameTrigger:
            result.name_triggers[subject] = value.value
        elif triple.predicate == KG.intentReading:
            result.intent[subject] = _local(value)
        elif triple.predicate == KG.hedge:
            hedges.append(value.value)
        elif triple.predicate == _HEAD_NOUN:
            result.head_nouns.setdefault(tuple(value.value.split()), subject)
        elif triple.predicate == _LEAD_NOUN:
            result.lead_nouns.setdefault(tuple(value.value.split()), subject)
        elif triple.predicate == _CUE_PHRASE:
            cue_phrases.append((subject, value.value))
        elif triple.predicate in _WORD_LISTS:
            word_lists[_WORD_LISTS[triple.predicate]][subject].append(value.value)
        elif triple.predicate == _PROSPECT:
            prospects.append(value.value)
        elif triple.predicate == _PLACES_PARTIES and value.value == "true":
            placing.add(subject)
    for word, found in result.templates.items():
        # Longer phrases and constrained slots first: the most specific reading wins.
        found.sort(key=lambda t: (-t.literal_words, -sum(1 for s in (*t.left, t.right) if s and s.cls), t.text))
        result.templates[word] = found
        result.any_template[word] = re.compile("|".join(f"(?:{t.pattern.pattern})" for t in found), re.IGNORECASE)
    result.hedges = tuple(sorted(hedges, key=len, reverse=True))
    result.hedge_pattern = re.compile(f"(?={first_letters(result.hedges)})" + r"\b(?:"
                                      + "|".join(re.escape(h) for h in result.hedges) + r")\b", re.IGNORECASE)
    result.titles_by_length = tuple(sorted(result.titles, key=len, reverse=True))
    for title in result.titles_by_length:
        result.title_words.setdefault(title.split()[0], []).append(title.split())
        if len(title) >= 2:
            result.titles_by_ending.setdefault(title[-2:], []).append(title)
    result.short_titles = tuple(t for t in result.titles_by_length if len(t) < 2)
    result.relation_titles = tuple((t, result.titles[t]) for t in result.titles_by_length if result.titles[t])
    result.title_at_end = re.compile(r"(?<![\w-])(" + "|".join(re.escape(t) for t in result.titles_by_length) + r")$")
    result.domains = _domains()
    result.head_length = max((len(words) for words in (*result.head_nouns, *result.lead_nouns)), default=0)
    result.cue_phrases = tuple(cue_phrases)
    result.cues = entity_cues(result.cue_phrases, result.type_nouns, result.titles)
    result.name_pattern_index = _name_pattern_index(result.name_patterns)
    result.chunk_openers = frozenset(GLUED_ARTICLES) | frozenset(result.title_words)
    result.noun_keys = frozenset(key(n) for n in result.type_nouns if " " not in n)
    result.type_noun_ends = frozenset(n.split(" ")[-1] for n in result.type_nouns)
    for name, lists in word_lists.items():
        setattr(result, name, {owner: tuple(sorted(words, key=lambda w: (-len(w), w))) for owner, words in lists.items()})
    if prospects:
        result.prospect = re.compile(f"(?={first_letters(prospects)})" + r"\b" + phrase_alternation(prospects) + r"\s+$",
                                     re.IGNORECASE)
    result.placing = frozenset(placing)
    return result


def _name_pattern_index(patterns: list[NamePattern]) -> dict[str, list[tuple[NamePattern, int]]]:
    """Each name form under its first literal word (a capitalised one as written, else lowercased)."""
    index: dict[str, list[tuple[NamePattern, int]]] = defaultdict(list)
    for pattern in patterns:
        for position, element in enumerate(pattern.elements):
            if element not in ("…", "{demonym}", "{country}"):
                word = element.split("-")[0]
                index[word.lower() if word[:1].islower() else word].append((pattern, position))
                break
    return index


def _domains() -> dict[str, tuple[str, str]]:
    """Each relation's subject and object class (rdfs:domain, rdfs:range), as local names."""
    by_iri = {r.iri: name for name, r in relations().items()}
    ends: dict[str, dict[str, str]] = {name: {} for name in by_iri.values()}
    for triple in ontology_graph():
        if triple.subject in by_iri and triple.predicate in (RDFS.domain, RDFS.range):
            ends[by_iri[triple.subject]][triple.predicate.value] = _local(triple.object)
    return {name: (end.get(RDFS.domain.value, "Actor"), end.get(RDFS.range.value, "Actor")) for name, end in ends.items()}
