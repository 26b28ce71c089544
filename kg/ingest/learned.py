"""Relations a linear model learned from the annotated articles, where the rules found none.

The rules of :mod:`kg.ingest.relations` read the phrasings they were written from; on text
nobody tuned them on they find one gold relation in four to seven, although both ends of
nearly every relation are found as entities and most share a sentence. This stage scores
every pair of entities a sentence names, for every relation whose classes the pair fits,
with a logistic model over plain features of the sentence: the words between and around the
two names, their classes and order, the lexicon's triggers between them (the words of the
ontology, so a new trigger also informs the model), negation and hedges, and what the rules
already found for the pair. A relation whose best sentence scores at least the model's
threshold is added, with that sentence as evidence, at the model's probability as its
confidence (capped below the rules'), unless it contradicts what is already found.

The weights are data: ``learned-model.json`` beside this module, written by
:mod:`kg.ingest.train` from the gold files of ``tests/devset`` (``python -m kg.ingest.train``).
Scoring needs numpy and scipy (core dependencies), not the training library.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np
from scipy import sparse

from kg.errors import KgError
from kg.ingest.clauses import Clauses, Group
from kg.ingest.dates import TimeExpression
from kg.ingest.entities import Entity, Resolution
from kg.ingest.findings import Finding
from kg.ingest.lexicon import Lexicon, Template
from kg.ingest.relations import claims, spread_claims
from kg.ingest.segment import Sentence, Words
from kg.ingest.slots import acting_as, can_act_as
from kg.ingest.spans import Mention
from kg.ingest.triggers import INTENT, MODAL, NEGATION, Context
from kg.ontology import relations

MODEL = Path(__file__).with_name("learned-model.json")
#: The most a learned relation's confidence can be: the parse stage's 0.7 and the rules' 0.9 stand above it.
HIGHEST_CONFIDENCE = 0.65
_HEDGED = 0.8
#: A "sentence" naming more than this many actors and places is a list or a table, not a clause that relates two of
#: them (and pairing its names would cost the square of their number).
MOST_MENTIONS = 60
#: The most pairs one document gives the stage (a 600-word article has about 140): past them, a roster or a book
#: would hold gigabytes of features, so the rest of the document is left to the rules.
MOST_PAIRS = 20_000
#: Words between two names kept as features: the first and last this many (a long stretch is seldom one relation).
_EDGE = 5


@dataclass(frozen=True, eq=False)
class Model:
    """A logistic model: per feature, its weight for each relation (``*``: for any relation)."""

    bias: dict[str, float]
    weights: dict[str, dict[str, float]]
    threshold: float

    @cached_property
    def _table(self) -> tuple[dict[str, int], dict[str, int], np.ndarray]:
        """Rows by feature, columns by relation (``*`` last), and the weights as one matrix: a pair's score is one sum."""
        named = {p for by in self.weights.values() for p in by} | set(self.bias)
        columns = {p: n for n, p in enumerate(sorted(named - {"*"}))}
        columns["*"] = len(columns)
        rows = {feature: n for n, feature in enumerate(self.weights)}
        matrix = np.zeros((len(rows) + 1, len(columns)))  # the last row: the relations' biases
        for feature, by in self.weights.items():
            for predicate, weight in by.items():
                matrix[rows[feature], columns[predicate]] = weight
        for predicate, weight in self.bias.items():
            if predicate in columns:
                matrix[len(rows), columns[predicate]] = weight
        return rows, columns, matrix

    def scores(self, pairs: list[Candidate]) -> list[dict[str, float]]:
        """Each relation's probability for each pair (one sum over the matrix for all the pairs of a document)."""
        if not pairs:
            return []
        rows, columns, matrix = self._table
        gathered: list[int] = []
        offsets = [0]
        bias = len(rows)
        for pair in pairs:
            gathered += [rows[f] for f in pair.features if f in rows]
            gathered.append(bias)
            offsets.append(len(gathered))
        # one row of ones per pair over the features it has: a sparse product sums each pair's weights
        present = sparse.csr_matrix((np.ones(len(gathered)), gathered, offsets), shape=(len(pairs), bias + 1))
        sums = present @ matrix
        probabilities = 1.0 / (1.0 + np.exp(-np.clip(sums[:, :-1] + sums[:, -1:], -500, 500)))
        return [{p: float(row[columns[p]]) for p in pair.predicates if p in columns}
                for pair, row in zip(pairs, probabilities)]


@lru_cache(maxsize=1)
def model() -> Model | None:
    """The shipped model, or None where none has been trained yet."""
    if not MODEL.exists():
        return None
    try:
        data = json.loads(MODEL.read_text(encoding="utf-8"))
        loaded = Model(data["bias"], data["weights"], float(data["threshold"]))
        if not 0 < loaded.threshold < 1:
            raise ValueError(f"threshold {loaded.threshold} is not between 0 and 1")
        loaded._table  # noqa: B018  (built here, so that a model of the wrong shape fails here, with its name)
        return loaded
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise KgError(f"{MODEL}: not a readable model ({error}); retrain it: python -m kg.ingest.train tests/devset, "
                      "or run with --no-learned") from None


@dataclass
class Candidate:
    """Two entities one sentence names, in the order subject then object, and what the model reads of them."""

    sentence: int
    subject: Entity
    object: Entity
    start: int
    end: int
    features: list[str]
    #: The relations whose classes the pair can fill (a country as its government).
    predicates: list[str]
    #: The sentence's start and end.
    bounds: tuple[int, int]
    #: Who says what the sentence reports there ("Al-Naba reported that …"), as the rules read it.
    claimed_by: list[Entity]


def candidates(text: str, sentences: list[Sentence], mentions: list[Mention], resolution: Resolution, words: Words,
               lexicon: Lexicon, matches: list[list[tuple[Template, int, int]]], groups: list[list[Group]],
               findings: list[Finding]) -> list[Candidate]:
    """Every ordered pair of distinct entities a sentence names, with its features (the nearest two mentions of them)."""
    domains = tuple(lexicon.domains.items())
    by_sentence: dict[int, list[tuple[Mention, Entity]]] = {}
    for mention in mentions:
        found = resolution.of(mention)
        if len(found) == 1 and found[0].type:
            by_sentence.setdefault(mention.sentence, []).append((mention, found[0]))
    ruled: dict[frozenset[int], set[str]] = {}
    ruled_here: dict[tuple[int, frozenset[int]], set[str]] = {}
    in_sentence: dict[int, set[str]] = {}
    for finding in findings:
        pair = frozenset((finding.subject.index, finding.object.index))
        ruled.setdefault(pair, set()).add(finding.predicate)
        ruled_here.setdefault((finding.sentence, pair), set()).add(finding.predicate)
        in_sentence.setdefault(finding.sentence, set()).add(finding.predicate)
    result = []
    for index, here in sorted(by_sentence.items()):
        if len({e.index for _, e in here}) < 2 or len(here) > MOST_MENTIONS:
            continue
        if len(result) >= MOST_PAIRS:
            break
        sentence = sentences[index]
        nearest: dict[tuple[int, int], tuple[Mention, Mention, Entity, Entity]] = {}
        for a, first in here:
            for b, second in here:
                if first.index == second.index or a.start == b.start:
                    continue
                ident = (first.index, second.index)
                best = nearest.get(ident)
                if best is None or _gap(a, b) < _gap(best[0], best[1]):
                    nearest[ident] = (a, b, first, second)
        view = _View(text, sentence, words, [m for m, _ in here], matches[index], lexicon)
        said = _claims_in(text, sentence, index, groups[index], resolution, lexicon, matches[index])
        sentence_rules = [f"rulesent:{p}" for p in sorted(in_sentence.get(index, ()))]  # sorted: sets vary by process
        for a, b, first, second in nearest.values():
            fitting = _fitting(first.type, second.type, domains)
            if not fitting:
                continue
            pair = frozenset((first.index, second.index))
            features = view.features(a, b, first, second)
            features += [f"rule:{p}" for p in sorted(ruled_here.get((index, pair), ()))]
            features += [f"ruledoc:{p}" for p in sorted(ruled.get(pair, ()))]
            features += sentence_rules
            start, end = min(a.start, b.start), max(a.end, b.end)
            claimed = [e for c in said if c.start <= start < c.end and first not in c.speakers for e in c.speakers]
            result.append(Candidate(index, first, second, start, end, features, fitting, (sentence.start, sentence.end),
                                    [e for i, e in enumerate(claimed) if e not in claimed[:i]]))
    return result


def _claims_in(text: str, sentence: Sentence, index: int, groups: list[Group], resolution: Resolution, lexicon: Lexicon,
               matches: list[tuple[Template, int, int]]) -> list:
    """The stretches of the sentence that report what a party says, read as the rules read them."""
    if not any(template.target == "claimedBy" for template, _, _ in matches):
        return []
    context = Context(text, sentence, index, groups, resolution, lexicon, [], None, matches)
    context.clauses = Clauses(text, sentence.start, sentence.end, groups)
    return claims(context)


@lru_cache(maxsize=4096)
def _fitting(subject: str, obj: str, domains: tuple[tuple[str, tuple[str, str]], ...]) -> list[str]:
    """The relations (of ``domains``: relation, its domain and range) whose places a pair of these classes can fill."""
    return [p for p, (domain, range_) in domains if can_act_as(subject, domain) and can_act_as(obj, range_)]


def _gap(a: Mention, b: Mention) -> int:
    return b.start - a.end if a.start < b.start else a.start - b.end


class _View:
    """One sentence as the features read it: its words, where its names, triggers, negations and modals are."""

    def __init__(self, text: str, sentence: Sentence, words: Words, mentions: list[Mention],
                 matches: list[tuple[Template, int, int]], lexicon: Lexicon) -> None:
        self.sentence, self.lower = sentence, words.lower
        starts = words.starts
        self.first_word = bisect.bisect_left(starts, sentence.start)
        self.last_word = bisect.bisect_left(starts, sentence.end)
        #: Per mention start: its first word and the word after it.
        self.span = {m.start: (bisect.bisect_left(starts, m.start), bisect.bisect_left(starts, m.end)) for m in mentions}
        self.others = sorted(m.start for m in mentions)
        self.triggers = sorted({(template.target, start, end) for template, start, end in matches})
        bounds = (sentence.start, sentence.end)
        self.negations = [m.span() for m in NEGATION.finditer(text, *bounds)]
        self.intents = [m.span() for m in INTENT.finditer(text, *bounds)]
        self.modals = [m.start() for m in MODAL.finditer(text, *bounds) if m.group().islower()]  # not "3 May 2024"
        self.hedged = lexicon.hedge_pattern.search(text, *bounds) is not None

    def features(self, a: Mention, b: Mention, first: Entity, second: Entity) -> list[str]:
        """What the model reads of one ordered pair: ``a`` names the subject, ``b`` the object."""
        order = "so" if a.start < b.start else "os"
        left, right = (a, b) if a.start < b.start else (b, a)
        lower = self.lower
        left_first, after_left = self.span[left.start]
        before_right, after_right = self.span[right.start]
        between = lower[after_left:before_right]
        features = [f"ts:{first.type}", f"to:{second.type}", f"tt:{first.type}>{second.type}", f"ord:{order}",
                    f"d:{_bucket(len(between))}"]
        if len(between) > 2 * _EDGE:
            between = between[:_EDGE] + between[-_EDGE:]
            features.append("long")
        for word in dict.fromkeys(between):
            features += (f"b:{word}", f"b{order}:{word}", f"bp:{word[:5]}")
        if between:
            features += (f"b1:{between[0]}", f"bl:{between[-1]}", f"b1{order}:{between[0]}")
            if len(between) <= 3:
                features.append(f"bx{order}:{' '.join(between)}")
            if between == ["and"]:
                features.append("coord")
        else:
            features.append(f"adjacent{order}")
        for offset, word in enumerate(reversed(lower[max(self.first_word, left_first - 2):left_first])):
            features.append(f"l{offset}:{word}")
        for offset, word in enumerate(lower[after_right:min(self.last_word, after_right + 2)]):
            features.append(f"r{offset}:{word}")
        features.append(f"m:{_bucket(sum(1 for start in self.others if left.end <= start < right.start))}")
        for target, start, end in self.triggers:
            where = ("b" if start >= left.end and end <= right.start else "l" if end <= left.start
                     else "r" if start >= right.end else "o")
            features += (f"t{where}:{target}", f"t{where}{order}:{target}")
        near = max(self.sentence.start, left.start - 40)
        if any(near <= start and end <= right.start for start, end in self.negations):
            features.append("neg")
        if any(left.end <= start and end <= right.start for start, end in self.intents):
            features.append("intent:between")
        elif any(end <= right.start for _, end in self.intents):
            features.append("intent")
        if any(start < right.start for start in self.modals):
            features.append("modal")
        if self.hedged:
            features.append("hedge")
        if a.possessive:
            features.append("sposs")
        if b.possessive:
            features.append("oposs")
        return features


def _bucket(n: int) -> str:
    return "0" if n <= 0 else "1" if n == 1 else "2-3" if n <= 3 else "4-6" if n <= 6 else "7-10" if n <= 10 else "11+"


def learned_relations(candidates_found: list[Candidate], resolution: Resolution, lexicon: Lexicon,
                      times: list[TimeExpression], findings: list[Finding], trained: Model | None = None) -> list[Finding]:
    """``findings`` and, after them, the model's relations for triples no finding has (``trained``: else the shipped model).

    The best-scored relations are taken first, and a relation whose sign is the opposite of one already taken for the
    same pair (the rules' or a better-scored learned one) is dropped: the stage never says both that two actors
    cooperate and that they fight.
    """
    trained = trained or model()
    if trained is None:
        return findings
    meaning = relations()
    symmetric = {n for n, r in meaning.items() if r.symmetric}
    taken = {(f.subject.index, f.predicate, f.object.index) for f in findings}
    signs: dict[frozenset[int], set[int]] = {}
    for finding in findings:
        signs.setdefault(frozenset((finding.subject.index, finding.object.index)), set()).add(meaning[finding.predicate].sign)
    best: dict[tuple[int, str, int], tuple[float, Candidate]] = {}
    for candidate, scores in zip(candidates_found, trained.scores(candidates_found)):
        if "neg" in candidate.features:  # "did not cooperate", "no longer holds": the guide and the rules read nothing
            continue
        for predicate, probability in scores.items():
            if probability < trained.threshold:
                continue
            ident = (candidate.subject.index, predicate, candidate.object.index)
            if predicate in symmetric and ident[0] > ident[2]:
                ident = (ident[2], predicate, ident[0])
            if ident not in best or probability > best[ident][0]:
                best[ident] = (probability, candidate)
    added = []
    for (_s, predicate, _o), (probability, candidate) in sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0])):
        first, second = candidate.subject, candidate.object
        if "intent:between" in candidate.features:  # "ISIS will retaliate against al-Qaeda": a threat, as the rules read it
            intended = lexicon.intent.get(predicate, predicate)
            if predicate in symmetric and intended not in symmetric and "ord:os" in candidate.features:
                first, second = second, first  # the party named before the words of intent is the one that intends
            predicate = intended
        domain, range_ = lexicon.domains[predicate]
        subject, obj = acting_as(first, domain, resolution), acting_as(second, range_, resolution)
        if subject is None or obj is None or subject is obj:
            continue
        ident = (subject.index, predicate, obj.index)
        if ident in taken or predicate in symmetric and (obj.index, predicate, subject.index) in taken:
            continue
        sign = meaning[predicate].sign
        pair = frozenset((subject.index, obj.index))
        if sign and -sign in signs.get(pair, ()):
            continue
        taken.add(ident)
        signs.setdefault(pair, set()).add(sign)
        confidence = round(min(probability, HIGHEST_CONFIDENCE) * (_HEDGED if "hedge" in candidate.features else 1.0), 2)
        added.append(Finding(subject, predicate, obj, candidate.start, candidate.end, candidate.sentence,
                             _date(times, candidate), confidence, list(candidate.claimed_by), trigger="learned"))
    added.sort(key=lambda f: (f.start, f.predicate))
    spread_claims(findings + added, added)  # the rules' own claims stay as the rules read them
    return findings + added


def _date(times: list[TimeExpression], candidate: Candidate) -> str | None:
    """The time the sentence names nearest the pair."""
    here = [t for t in times if candidate.bounds[0] <= t.start < candidate.bounds[1]]
    if not here:
        return None
    return min(here, key=lambda t: abs(t.start - candidate.start)).value
