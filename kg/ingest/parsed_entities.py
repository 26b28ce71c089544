"""Names spaCy's entity recogniser finds that the rules leave without a class (opt-in: ``--parse``).

Input: the document's sentences, the rules' mentions and each sentence's spaCy ``Doc``
(:func:`kg.ingest.parsed.recognise`). Output, before the relation stages, so that the
rule relations and the parse frames both read them:

- :func:`named_by_parse` (before resolution): a name the recogniser marks (PERSON, ORG, GPE,
  LOC) that the rules did not find at all becomes a mention of its class. A people's adjective
  (NORP) is no actor of its own: the rules join "Houthi" to "the Houthis" by its stem, and the
  parse stage reads a nationality before a carrier noun as the country's force or government
  ("Turkish drones", "Egyptian officials");
- :func:`typed_by_parse` (after resolution): an entity the rules found as capitalised chunks
  and gave no class (by a cue, a coordination, a person's surname, a description) gets one
  from the labels of its mentions.

A name's class is the rules' own typing of it first (a known place or actor, a head noun:
"… Liberation Front"), else the class the ontology gives the label (``kg:nerLabel`` in
``ontology/lexicon-parse.ttl``). Descriptions are dropped: a lower-case start ("congress"),
digits, a word that starts sentences (``kg.ingest.spans.STOP``), a title ("Supreme Leader"), a
lone head noun ("the Council") or a word the text also writes in lower case ("the State"),
a headline's words, a person's or organisation's name that ends with a common English noun
the rules do not know as a head ("Hayat Hotel", "Galaxy Leader"; the parser's own WordNet
noun list), an organisation's that starts with one ("Operation Hilaac"), a one-word place
the place table does not know that is one ("Tutsi"), and a person's or organisation's name right
before a site's noun ("the Litoral penitentiary": ``kg:parseFacility``).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from functools import cache
from itertools import compress, count

from kg.ingest.entities import Resolution
from kg.ingest.heads import head_class, word_class
from kg.ingest.known import KnownNames, key
from kg.ingest.lexicon import Lexicon, lexicon
from kg.ingest.mentions import _headline_sentences
from kg.ingest.parsed import recognise
from kg.ingest.parsed_lexicon import parse_lexicon
from kg.ingest.parsed_tree import nlp
from kg.ingest.resolve import name_key
from kg.ingest.segment import Sentence, Words
from kg.ingest.spans import STOP, Mention

_THE = re.compile(r"(?:[Tt]he)\s+")
_POSSESSIVE = re.compile(r"['’]s?$")
_THE_BEFORE = re.compile(r"\b[Tt]he\s+$")
_NOT_ACTORS = ("anaphor", "demonym")
#: Labels whose names are written as words of English nouns only when they are descriptions.
_NAMED_BY_PROPER_WORDS = ("PERSON", "ORG")
_PLACE_LABELS = ("GPE", "LOC")
_PERSON_WORD = re.compile(r"(?:[a-z]{1,3}[-'’])?[A-Z][a-z'’.-]*|[a-z]{1,3}")


@cache
def _english_nouns() -> frozenset[str]:
    return frozenset(nlp().get_pipe("lemmatizer").lookups.get_table("lemma_index")["noun"])


@cache
def _titles() -> frozenset[str]:
    return frozenset(title.lower().replace(".", "") for title in lexicon().titles)


def _english(word: str) -> bool:
    """Whether a word (or its singular) is a common English noun of the parser's WordNet list."""
    lower = word.lower()
    return lower in _english_nouns() or lower.endswith("s") and lower[:-1] in _english_nouns()


def _trimmed(text: str, start: int, end: int, line_start: int, line_end: int) -> tuple[int, int] | None:
    """The name inside a recognised span (in the sentence between the line offsets), without "the" and a possessive;
    None for a description."""
    if the := _THE.match(text, start, end):
        start = the.end()
    if possessive := _POSSESSIVE.search(text, start, end):
        end = possessive.start()
    name = text[start:end]
    words = name.split()
    if not words or not name[0].isupper() or any(c.isdigit() for c in name) or words[0] in STOP:
        return None
    if all(w.lower().replace(".", "") in _titles() for w in words) or name.lower().replace(".", "") in _titles():
        return None
    if len(words) == 1 and (len(name) < 2 or word_class(name) is not None
                            or re.search(rf"\b{re.escape(name.lower())}\b", text) is not None
                            or _english(name) and _THE_BEFORE.search(text, max(0, start - 4), start)):
        return None  # "the Council", "the Panel": a defined term of the text, no name
    if text[line_start:line_end].strip() == name:
        return None  # a heading: "Background"
    title = lexicon().title_ending(text[line_start:end])
    if title is not None and line_start + title.start() <= start:
        return None  # "Secretary of State": part of a title
    following = text[start:line_end].split()
    if any(following[:len(parts)] == parts for parts in lexicon().title_words.get(words[0], ())):
        return None  # "Supreme" of "Supreme Leader'
    return start, end


def name_class(name: str, label: str, known: KnownNames) -> str | None:
    """The class of a recognised name: what the rules say of it (a known name of one class, its head noun), else the label's."""
    types = {k.type for k in known.names.get(key(name), ())}
    if len(types) == 1:
        return types.pop()
    found = head_class(name)
    if found:
        return found
    words = name.split()
    if label in _NAMED_BY_PROPER_WORDS and (len(words) > 1 or label == "PERSON") and _english(words[-1]):
        return None  # "Hayat Hotel", "Galaxy Leader", "Kalashnikov"
    if label == "ORG" and len(words) > 1 and _english(words[0]):
        return None  # "Operation Hilaac": an operation's or a thing's name, not an organisation's
    if label in _PLACE_LABELS and len(words) == 1 and _english(name):
        return None  # "Tutsi": a place the place table does not know is not a common English word
    if label == "PERSON" and not all(_PERSON_WORD.fullmatch(w) for w in words):
        return None  # "JeM", "ISIS-K": an acronym is no person's name
    return parse_lexicon().ner_classes.get(label)


class Votes:
    """The recogniser's labels of the document's names, by the rules' name key, and the sentences it read."""

    def __init__(self) -> None:
        self.labels: dict[str, Counter] = defaultdict(Counter)
        self.names: dict[str, str] = {}
        #: The spaCy ``Doc`` of each sentence the recogniser read, by index (the parse stage reuses its tokens).
        self.docs: dict = {}

    def add(self, name_key: str, name: str, label: str) -> None:
        self.labels[name_key][label] += 1
        self.names.setdefault(name_key, name)

    def class_of(self, name_key: str, known: KnownNames) -> str | None:
        counts = self.labels.get(name_key)
        if not counts:
            return None
        return name_class(self.names[name_key], counts.most_common(1)[0][0], known)


def named_by_parse(text: str, sentences: list[Sentence], words: Words, mentions: list[Mention], known: KnownNames,
                   lex: Lexicon) -> Votes:
    """Add the names only the recogniser finds (in place) and return its labels of the rules' untyped chunks.

    Only a sentence with such a chunk, or with a capitalised word after its first that no mention covers, is read.
    """
    labels, facilities = parse_lexicon().ner_classes, parse_lexicon().facilities
    headline = _headline_sentences(words, text)
    ordered = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in ordered]
    longest = max((m.end - m.start for m in ordered), default=0)
    votes, new = Votes(), Votes()
    votes.docs = recognise(text, sentences, [n for n in _unnamed(words, mentions, lex) if n not in headline])
    added: list[Mention] = []
    for n, doc in votes.docs.items():
        offset = sentences[n].start
        for ent in doc.ents:
            if ent.label_ not in labels:
                continue  # NORP ("Houthi", "Kurdish"): a people's adjective is no actor of its own
            if ent.label_ in _NAMED_BY_PROPER_WORDS and ent.end < len(doc) and doc[ent.end].text in facilities:
                continue  # "the Litoral penitentiary": the site's name, no actor's
            span = _trimmed(text, offset + ent.start_char, offset + ent.end_char, offset, sentences[n].end)
            if span is None:
                continue
            start, end = span
            first = bisect.bisect_left(starts, start - longest)
            inside = [m for m in ordered[first:bisect.bisect_left(starts, end)] if start < m.end]
            if not inside:
                mention = Mention(start, end, text[start:end], "chunk", n)
                added.append(mention)
                new.add(name_key(mention, lex), mention.name, ent.label_)
            elif (len(inside) == 1 and inside[0].kind == "chunk" and not inside[0].type
                  and (inside[0].start, inside[0].name) == (start, text[start:end])):
                votes.add(name_key(inside[0], lex), inside[0].name, ent.label_)
    keys = {id(m): name_key(m, lex) for m in mentions if m.kind not in _NOT_ACTORS}
    typed = {keys[id(m)] for m in mentions if m.type and id(m) in keys}
    chunks = set(keys.values())
    for mention in added:
        name = name_key(mention, lex)
        if name in chunks:  # the rules name it elsewhere: it joins that entity, which is typed after resolution if need be
            if name not in typed:
                votes.add(name, mention.name, new.labels[name].most_common(1)[0][0])
            mentions.append(mention)
        else:
            mention.type = new.class_of(name, known)
            if mention.type:
                mentions.append(mention)
    mentions.sort(key=lambda m: (m.start, -m.end))
    return votes


def _unnamed(words: Words, mentions: list[Mention], lex: Lexicon) -> list[int]:
    """The sentences with a capitalised name the rules gave no class anywhere in the text, or with a capitalised word (not
    the first, not one of ``STOP``, no title's) in no mention."""
    typed = {name_key(m, lex) for m in mentions if m.type and m.kind not in _NOT_ACTORS}
    found = {m.sentence for m in mentions if m.kind == "chunk" and not m.type and name_key(m, lex) not in typed}
    titles = lexicon().title_words
    covered = [False] * len(words.starts)
    for m in mentions:
        for k in range(bisect.bisect_left(words.starts, m.start), bisect.bisect_left(words.starts, m.end)):
            covered[k] = True
    for k in compress(count(), words.capital):
        word = words.base[k]
        if (not covered[k] and k and words.sentence[k - 1] == words.sentence[k] and word[:1].isupper() and word not in STOP
                and word not in titles):
            found.add(words.sentence[k])
    return sorted(found)


def typed_by_parse(resolution: Resolution, votes: Votes, known: KnownNames, lex: Lexicon) -> None:
    """Give an entity that resolution left without a class the class its names' labels say (in place)."""
    for entity in resolution.entities:
        if entity.type is not None or not entity.mentions:
            continue
        for mention in entity.mentions:
            found = votes.class_of(name_key(mention, lex), known)
            if found:
                entity.type = found
                break


