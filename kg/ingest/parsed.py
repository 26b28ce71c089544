"""Relations read from a dependency parse (opt-in: ``--parse``, needs ``pip install 'kg[parse]'``).

The rules of :mod:`kg.ingest.relations` match word templates, which fit the phrasings they
were written from. This stage parses each sentence once with spaCy's small English pipeline
and reads relations off the tree between the entities the rule pipeline (and the recogniser)
found:

- verb frames: subject and object, the "by" agent of a passive, objects behind a path of
  prepositions and nouns, subjects shared by conjoined verbs and "to" clauses, relative
  and participle clauses ("the Houthis, who are backed by Iran"), coordinated arguments;
- intent: a "to" clause under a verb of intent ("threatened to attack") is read as the
  relation's ``kg:intentReading``;
- carrier nouns: "JNIM fighters", "a position of the army", "aircraft operated by the UAE"
  stand for the actor; a nationality before a force's or government's noun ("Turkish drones",
  "the Turkish state") for the country's; "Turkish-backed" names the backer;
- companions: "X, together with Y, attacked …" (both attack, and cooperate), "in coordination
  with"; coordinated subjects of a mutual verb ("X and Y spoke by telephone");
- relation nouns in apposition, after a copula, as "one of" them, before a name ("a DEM Party
  lawmaker") or as the subject of "include" ("its commanders include X"); a name after an
  actor's possessive ("its Amaq News Agency"); a name "of" another name ("the SSG of the
  Pakistan Army");
- where an armed actor acts: a place after "in", "at", "near" … of its verb or its object,
  and the places within or "of" that place; the place of an act is its target's too;
- what a speaker calls the target is the target ("struck what it called a headquarters of X");
- negation and denial ("denies arming", "no evidence that") drop a relation, hedges lower its
  confidence, a verb of saying above it names who claims it (also the actor itself: "the IRGC said it had fired").

The words come from the ontology (:mod:`kg.ingest.parsed_lexicon`); the grammar is read by
:mod:`kg.ingest.parsed_tree`. The entity recogniser's names join the rules' before
resolution (:mod:`kg.ingest.parsed_entities`), and each sentence it read is parsed from its
tokens. A parse relation is added only where the rules found none for the same subject,
predicate and object, at a lower confidence than the rules'.
"""

from __future__ import annotations

import bisect

from kg.ingest import parsed_tree as tree
from kg.ingest.dates import TimeExpression
from kg.ingest.entities import Entity, Resolution, is_place
from kg.ingest.findings import Finding
from kg.ingest.lexicon import Lexicon
from kg.ingest.parsed_lexicon import Frame, parse_lexicon
from kg.ingest.parsed_tree import nlp
from kg.ingest.segment import Sentence
from kg.ingest.slots import acting_as, fits
from kg.ingest.spans import Mention
from kg.ontology import relations, subclasses

#: Below the rules' plain 0.9: a statistical parse errs more often than a matched template.
PARSE_CONFIDENCE = 0.7
_HEDGED = 0.8
#: Longer "sentences" (tables, lists, text without full stops) are not parsed: the parser needs
#: memory in proportion to a text's length (about 1 GB per 100,000 characters, spaCy says) and
#: refuses a million; a news sentence is rarely over 500.
LONGEST_SENTENCE = 2000


def check_available() -> None:
    """Fail early, with the install line, when ``--parse`` cannot work."""
    nlp()


class _Found:
    """The parse's relations of one document, and the triples already taken."""

    def __init__(self, taken: set[tuple[int, str, int]], resolution: Resolution, lexicon: Lexicon) -> None:
        self.taken, self.resolution, self.lexicon = taken, resolution, lexicon
        self.findings: list[Finding] = []
        self.symmetric = {n for n, r in relations().items() if r.symmetric}

    def _as(self, entity: Entity, cls: str | None) -> Entity | None:
        return entity if cls is None else acting_as(entity, cls, self.resolution)

    def add(self, predicate: str, subject: Entity, obj: Entity, classes: tuple[str | None, str | None],
            where: tuple[int, int, int], date: str | None, confidence: float, claimed: list[Entity]) -> bool:
        """Add the relation if its ends fit the relation's classes and no earlier finding has it; whether they fit."""
        domain, range_ = self.lexicon.domains[predicate]
        subject_as, object_as = self._as(subject, classes[0]), self._as(obj, classes[1])
        if subject_as is None or object_as is None:
            return False
        subject_as, object_as = self._as(subject_as, domain), self._as(object_as, range_)
        if subject_as is None or object_as is None or subject_as is object_as:
            return False
        # "the IRGC said it had fired": kept, as the actor's own claim
        ident = (subject_as.index, predicate, object_as.index)
        if ident in self.taken or predicate in self.symmetric and (object_as.index, predicate, subject_as.index) in self.taken:
            return True
        self.taken.add(ident)
        start, end, sentence = where
        self.findings.append(Finding(subject_as, predicate, object_as, start, end, sentence, date, confidence,
                                     list(claimed), trigger="parse"))
        return True


def recognise(text: str, sentences: list[Sentence], chosen: list[int]) -> dict:
    """The chosen sentences' named entities (spaCy ``Doc`` by sentence index), by the recogniser alone: it has its own
    token vectors, and the parser runs later on the sentences that turn out to name two actors, reusing these."""
    pipeline = nlp()
    chosen = [n for n in chosen if sentences[n].end - sentences[n].start <= LONGEST_SENTENCE]
    with pipeline.select_pipes(enable=["ner"]):
        return dict(zip(chosen, pipeline.pipe((text[sentences[n].start:sentences[n].end] for n in chosen), batch_size=64)))


def parsed_relations(text: str, sentences: list[Sentence], mentions: list[Mention], resolution: Resolution,
                     times: list[TimeExpression], lexicon: Lexicon, findings: list[Finding],
                     recognised: dict | None = None) -> list[Finding]:
    """The rules' ``findings`` and, after them, the relations only the parse finds (``recognised``: the sentences
    :func:`recognise` read, whose tokens are parsed as they are)."""
    words = parse_lexicon()
    taken = {(f.subject.index, f.predicate, f.object.index) for f in findings}
    found = _Found(taken, resolution, lexicon)
    by_sentence: dict[int, list[Mention]] = {}
    for mention in mentions:
        by_sentence.setdefault(mention.sentence, []).append(mention)
    # Only a sentence that names two entities can relate them.
    spans = {n: tree.Spans(here, resolution) for n, here in by_sentence.items()}
    # A nationality may name a second actor ("the Turkish state").
    chosen = [n for n in sorted(spans) if len({id(s[2]) for s in spans[n].spans}) + bool(spans[n].nationalities) >= 2
              and sentences[n].end - sentences[n].start <= LONGEST_SENTENCE]
    recognised = recognised or {}
    pipeline = nlp()
    with pipeline.select_pipes(enable=["tok2vec", "tagger", "parser"]):
        docs = list(pipeline.pipe((recognised.get(n) or text[sentences[n].start:sentences[n].end] for n in chosen),
                                  batch_size=64))
    for n, doc in zip(chosen, docs):
        sentence = sentences[n]
        reader = tree.Reader(doc, sentence.start, spans[n], words, resolution)
        here = [t for t in times if sentence.start <= t.start < sentence.end]
        hedged = lexicon.hedge_pattern.search(text, sentence.start, sentence.end) is not None
        _read_sentence(reader, found, n, here, PARSE_CONFIDENCE * (_HEDGED if hedged else 1.0))
    return findings + found.findings


_CLAUSES = ("conj", "ccomp", "advcl", "relcl", "parataxis", "acl")


def _date(times: list[TimeExpression], reader: tree.Reader, word) -> str | None:
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


def _read_sentence(reader: tree.Reader, found: _Found, index: int, times: list[TimeExpression], confidence: float) -> None:
    """Each verb (its frames and its places) and each relation noun of one parsed sentence."""
    words = reader.words
    for token in reader.doc:
        if token.tag_.startswith("VB") and token.dep_ not in ("aux", "auxpass"):
            _read_where(reader, found, index, times, confidence, token)
            frames = [f for w in (*tree.lemmas(token), token.lower_) for f in words.frames.get(w, ())]
            for frame in dict.fromkeys(frames):
                _read_frame(reader, found, index, times, confidence, token, frame)
        if token.tag_.startswith("NN") and tree.word_in(token, words.noun_words):
            _read_noun(reader, found, index, times, confidence, token)
        if token.dep_ == "prep":
            _read_companions(reader, found, index, times, confidence, token)
        if token.dep_ == "poss" and words.owned:
            _read_owned(reader, found, index, times, confidence, token)
        if token.dep_ == "pobj" and token.head.lower_ == "of" and words.named_of:
            _read_named_of(reader, found, index, times, confidence, token)


def _intent(reader: tree.Reader, verb) -> bool | None:
    """Whether the verb's act is only intended.

    True for a modal ("will attack") or a "to" clause of intent ("threatened to attack");
    None for another "to" clause ("fought to topple", "struggles to combat"), an aim that
    is read as nothing; False for an act, also "to" clauses of aspect ("continues to arm").
    """
    if any(c.tag_ == "MD" for c in verb.children):
        return True
    if verb.dep_ == "xcomp" and tree.word_in(verb.head, reader.words.intent_verbs):
        return True
    if verb.dep_ in ("xcomp", "advcl") and any(c.tag_ == "TO" for c in verb.children):
        return False if verb.dep_ == "xcomp" and tree.word_in(verb.head, reader.words.aspect_verbs) else None
    return False


def _read_where(reader: tree.Reader, found: _Found, index: int, times: list[TimeExpression], confidence: float, verb) -> None:
    """"JNIM fighters struck two army positions in W National Park": the subject acts in the place (kg:parseWhere), and so
    does the actor it struck there; a place of the object ("overran a position of the army at Point Triple") is where
    both act, and a place named in or "of" a place ("near the tunnel in the Bolan area of Balochistan") is one too."""
    if (tree.negated(verb) or _intent(reader, verb) is not False or tree.passive(verb)
            or tree.word_in(verb, reader.words.claim_verbs | reader.words.denials)):
        return  # "denied any role in a bombing in Datu Hoffer": saying is not acting there
    # the target after "fired at", "strikes on", "an offensive against" is an object too
    objects = tree.objects(verb) + [p for c in verb.children if c.dep_ == "prep" and c.lower_ in ("at", "on", "against")
                                    for p in c.children if p.dep_ == "pobj"]
    owners = [o for d in objects for o in (d, *(p for c in d.children if c.dep_ == "prep" and c.lower_ == "of"
                                                   for p in c.children if p.dep_ == "pobj"))]
    subjects, coordinated = tree.subjects(verb)
    where = (reader.offset + verb.idx, reader.offset + verb.idx + len(verb.text), index)
    date = claimed = None  # the verb's, worked out once it places anyone
    for relation, kinds in reader.words.where.items():
        for cls, prepositions in kinds:
            places = tree.places(verb, prepositions)
            held = [p for o in owners for p in tree.places(o, prepositions)]
            if not places and not held:
                continue
            actors = [e for s in subjects for e in reader.entities(s, coordinated) if fits(e, cls)]
            actors += [e for o in owners for e in reader.entities(o) if fits(e, cls)]
            if actors and claimed is None:
                date, claimed = _date(times, reader, verb), _claimants(reader, verb)
            for actor in actors:
                for place in (e for p in places + held for e in reader.entities(p)):
                    found.add(relation, actor, place, (None, None), where, date, confidence, claimed)


def _claimants(reader: tree.Reader, verb) -> list[Entity]:
    """Who a verb of saying above the verb names: "Al-Naba reported that al-Qaeda started a war"."""
    here = verb
    for _ in range(4):
        if here.dep_ not in ("ccomp", "conj", "xcomp", "advcl") or here.head is here:
            return []
        here = here.head
        if here.tag_.startswith("VB") and tree.word_in(here, reader.words.claim_verbs):
            return [e for s in here.children if s.dep_ == "nsubj" for e in reader.entities(s)]
    return []


def _read_frame(reader: tree.Reader, found: _Found, index: int, times: list[TimeExpression], confidence: float,
                verb, frame: Frame) -> None:
    """The frame's relation between the verb's subject side and its object side, in either voice."""
    if tree.negated(verb):
        return
    predicate = frame.relation
    if frame.left == "&":
        _read_mutual(reader, found, index, times, confidence, verb, predicate)
        return
    intent = _intent(reader, verb)
    if intent is None:
        return
    if intent:
        predicate = reader.words.intent.get(predicate)  # "threatened to attack", "will attack": intended, not done
        if predicate is None:
            return
    passive = tree.passive(verb)
    subjects, coordinated = tree.subjects(verb)
    if frame.path:
        left, right = subjects, tree.walk(verb, frame.path)
    elif passive:
        left, right = tree.agents(verb), subjects
    else:
        left, right = subjects, tree.objects(verb)
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


def _read_mutual(reader: tree.Reader, found: _Found, index: int, times: list[TimeExpression], confidence: float, verb,
                 predicate: str) -> None:
    """"Ramaphosa and Kagame spoke": the coordinated subjects of a verb with no object relate to each other."""
    if _intent(reader, verb) is not False or any(c.dep_ == "dobj" or c.dep_ == "prep" and c.lower_ in ("with", "against")
                                                 for c in verb.children):
        return  # "the army and the RSF fought the militia", "… fought against …": not each other
    subjects = [e for s in verb.children if s.dep_ == "nsubj" for e in reader.entities(s)]
    where = (reader.offset + verb.idx, reader.offset + verb.idx + len(verb.text), index)
    for k, subject in enumerate(subjects):
        for obj in subjects[k + 1:]:
            found.add(predicate, subject, obj, (None, None), where, _date(times, reader, verb), confidence,
                      _claimants(reader, verb))


def _read_companions(reader: tree.Reader, found: _Found, index: int, times: list[TimeExpression], confidence: float,
                     prep) -> None:
    """"X, together with Y, …", "X struck … in coordination with Y": X and Y stand in the phrase's relation."""
    for attached, predicate in tree.companion_phrases(prep):
        holders = tree.subjects(attached)[0] if attached.tag_.startswith("VB") else [attached]
        where = (reader.offset + prep.idx, reader.offset + prep.idx + len(prep.text), index)
        # Organisations act together; persons "together with" one another travel or speak together.
        companions = [e for p in prep.children if p.dep_ == "pobj" for e in reader.entities(p) if e.type != "Person"]
        for k, companion in enumerate(companions):  # "together with the PSF and the Dervish Force": those two as well
            for other in companions[k + 1:]:
                found.add(predicate, companion, other, (None, None), where, _date(times, reader, prep), confidence, [])
        for holder in holders:
            for subject in (e for e in reader.entities(holder) if e.type != "Person"):
                for obj in companions:
                    found.add(predicate, subject, obj, (None, None), where, _date(times, reader, prep), confidence, [])


def _read_owned(reader: tree.Reader, found: _Found, index: int, times: list[TimeExpression], confidence: float, owner) -> None:
    """"ISIL, through its Amaq News Agency", "Turkey's National Intelligence Organisation": the name owned (kg:parseOwned)."""
    named = reader.spans.at(reader.offset + owner.head.idx)
    if named is None or named.type == "Person":
        return
    fitting = [(predicate, cls) for predicate, cls in reader.words.owned if fits(named, cls)]
    if not fitting:
        return
    predicate = min(fitting, key=lambda pair: len(subclasses(pair[1])))[0]
    where = (reader.offset + owner.head.idx, reader.offset + owner.head.idx + len(owner.head.text), index)
    for actor in reader.entities(owner, False):
        if actor is not named:
            found.add(predicate, named, actor, (None, None), where, _date(times, reader, owner.head), confidence, [])


def _read_named_of(reader: tree.Reader, found: _Found, index: int, times: list[TimeExpression], confidence: float,
                   owner) -> None:
    """"The Special Service Group (SSG) of the Pakistan Army": two names joined by "of" (kg:parseNamedOf)."""
    named = reader.spans.at(reader.offset + owner.head.head.idx)
    actor = reader.spans.at(reader.offset + owner.idx)
    if named is None or actor is None or named is actor or reader.spans.at(reader.offset + owner.head.idx):
        return  # "of" inside a name ("Department of the Treasury") joins nothing
    where = (reader.offset + owner.head.idx, reader.offset + owner.head.idx + len(owner.head.text), index)
    for predicate, cls in reader.words.named_of:
        if fits(named, cls) and fits(actor, cls):
            found.add(predicate, named, actor, (None, None), where, _date(times, reader, owner.head), confidence, [])


def _read_noun(reader: tree.Reader, found: _Found, index: int, times: list[TimeExpression], confidence: float, noun) -> None:
    """"X, the NOUN of O", "O's NOUN, X", "X is the NOUN of O": X stands in the noun's relation to O."""
    holders = []
    # "X, one of the group's critics": the noun stands where "one" does
    place = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.tag_ == "CD" else noun
    if place.dep_ == "appos":
        holders.append(place.head)
    holders += [c for c in noun.children if c.dep_ == "appos"]
    if place.dep_ in ("attr", "oprd") and not tree.negated(place.head):
        holders += tree.subjects(place.head)[0]
    if place.dep_ == "nsubj" and tree.word_in(place.head, reader.words.inclusion_verbs):
        holders += [c for c in place.head.children if c.dep_ == "dobj"]  # "its commanders include X and Y"
    if not holders:
        return
    nouns = reader.words.nouns
    # "prime minister", "regional commander": a two-word title; "a breakaway faction of", "its media arm":
    # a relation noun before the noun says the relation.
    modifiers = [c for c in noun.children if c.dep_ in ("amod", "compound")]
    entries = next((nouns[f"{m.lower_} {noun.lower_}"] for m in modifiers if f"{m.lower_} {noun.lower_}" in nouns), None)
    if entries is None:
        head = next((m for m in modifiers if tree.word_in(m, reader.words.noun_words)), noun)
        entries = [e for w in (*tree.lemmas(head), head.lower_) for e in nouns.get(w, ())]
    where = (reader.offset + noun.idx, reader.offset + noun.idx + len(noun.text), index)
    date = _date(times, reader, noun)
    plural = noun.tag_ in ("NNS", "NNPS")  # "X and Y, leaders of Z": both; "X, Y, president of Z": only Y
    # "O's NOUN", "an O NOUN" ("a DEM Party lawmaker", "the Hamas leader", "the ISIL (Da'esh) affiliate")
    owners = [c for c in noun.children
              if c.dep_ == "poss" or c.dep_ in ("compound", "nmod") and reader.spans.at(reader.offset + c.idx)]
    # "its media arm, az-Zallaqa": of the relations a noun may mean, the one with the narrowest subject class that fits.
    entries = sorted(dict.fromkeys(entries), key=lambda e: len(subclasses(reader.words.domains[e[0]][0])))
    for holder in holders:
        for subject in reader.entities(holder, plural):
            for predicate, prepositions in entries:
                owned = [(o, False) for o in owners] + [(p, c.lower_ == "for") for c in noun.children
                                                        if c.dep_ == "prep" and c.lower_ in prepositions
                                                        for p in c.children if p.dep_ == "pobj"]
                # "the envoy for Yemen" is no member of Yemen's government, "the spokesman for the AFC" speaks for it
                added = [found.add(predicate, subject, obj, (None, None), where, date, confidence, [])
                         for owner, purpose in owned for obj in reader.entities(owner, False) if not (purpose and is_place(obj))]
                if any(added):
                    break
