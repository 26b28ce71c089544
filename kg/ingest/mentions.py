"""Actor and place mentions (stage 2 of ingest).

Input: the text, its sentences and what is known (:class:`kg.ingest.known.KnownNames`).
Output: :class:`Mention` spans, each with what kind of evidence found it:

- ``known``: a label or alias of an actor or place in the store or the place table;
- ``name``: a name of a class's form (``… Front``, ``Ansar …``, ``{demonym} Army``);
- ``cued``: a capitalised name whose class a noun beside it gives ("the group Hurras
  al-Din", "the STC, a separatist movement"), or a person's name after a title
  ("spokesman Abu Hamza al-Qurashi");
- ``acronym``: "Islamic State in the Greater Sahara (ISGS)": ``alias_of`` points at the long form;
- ``chunk``: a capitalised name with no class yet (resolution may still match it);
- ``demonym`` ("Malian"), ``force`` ("US service members"), ``anaphor`` ("the group", "its").

The name forms are matched by :mod:`kg.ingest.namepatterns`; :class:`Mention` and the token
tests live in :mod:`kg.ingest.spans`; :mod:`kg.ingest.heads` refines what the word rules found.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from itertools import compress, count
from operator import and_, or_

from kg.ingest.acronyms import defined_names
from kg.ingest.known import Known, KnownNames
from kg.ingest.lexicon import GLUED_ARTICLES, Lexicon
from kg.ingest.namepatterns import name_forms
from kg.ingest.segment import Sentence, Words, words_of
from kg.ingest.spans import CONNECTORS, STOP, Mention, adjacent, hyphened, mention_at

FORCE_NOUNS = ("armed forces", "security forces", "service members", "special forces", "military", "troops", "soldiers",
               "forces", "army", "marines", "aircraft", "warplanes", "contingent", "police")
_FORCE_AFTER = re.compile(r"[ \t]+(?:" + "|".join(FORCE_NOUNS) + r")\b")
_GOVERNMENT_AFTER = re.compile(r"[ \t]+government\b")
_ANAPHOR = re.compile(
    r"(?=[IiTtHhBb])\b(?:(?P<pron>[Ii]ts|[Tt]heir|[Ii]t|[Tt]hey|[Hh]is|[Hh]e|him)"
    r"|(?P<np>(?:[Tt]he|[Bb]oth)(?: two)?(?: (?!two\b)[a-z]+(?:-[a-z]+)?){0,2}? "
    r"(?:group|groups|movement|network|faction|factions|militants|insurgents|council|organisation|organization|alliance|country|countries|town|city|village|province|capital|army|"
    r"military|militia|jihadists|rebels|monitor|outlet|agency|sides|mission|force|government|parties)))(?P<poss>['’]s)?\b"
)
_ACRONYM = re.compile(r"\s*(?:['’]s)?\s*\(([A-Z][A-Za-z0-9&.\-]{1,11})\)")
_ACRONYM_AFTER = re.compile(r"\s*(?:['’]s)?\s*\([A-Z][A-Za-z0-9&.\-]{1,11}\)")
_SPACES = re.compile(r"\s+")
_LED_BY = re.compile(r"(?=[cfhls])\b(?:(?:led|headed|founded|commanded)(?: (?:since|from|until|in|between) [\w ]{1,24}?)? by"
                     r"|said)$")
#: What every alternative of _LED_BY ends with (a text ending otherwise is not searched): keep the two in step.
_LED_BY_LAST = ("by", "said")
_LOCATIVE_LAST = ("in", "near", "outside", "around", "throughout", "across", "through")
_LOCATIVE_END = re.compile(r"(?=[aiont])\b(?:" + "|".join(_LOCATIVE_LAST) + r")$")
#: Places by the movement before them: "displaced from Tibú", "withdrew from Gao".
_FROM_END = re.compile(r"\b(?:displaced|fled|evacuated|withdrew|withdrawn|retreated|expelled)\s+from$")
#: Places by the capture before them: "seizing Paletwa", "overran Tangyan" (not "captured", which takes persons too).
_TAKEN_LAST = ("seize", "seized", "seizes", "seizing", "overran", "overrun", "overruns", "overrunning", "retook", "retake",
               "retakes", "retaken", "retaking", "recaptured", "recapture", "recaptures", "recapturing")
_OF_END = re.compile(r"\s+of$")
_WORDISH = re.compile(r"[\w’'-]+")
_NOUNS_AFTER = re.compile(r"[ \t]+([a-z][\w’'-]*(?: [a-z][\w’'-]*){0,2})")
#: "X, a …", "X (ACR), the …", "X, Hamas's …", "X, President-elect Donald Trump's envoy".
_APPOSED = re.compile(r"(?:\s*\([A-Z][A-Za-z0-9&.\-]{1,11}\))?\s*,\s*(?:a|an|another|the|its|their|"
                      r"(?:[A-Z][\w-]*[ \t]+){0,3}[\w-]+['’]s)\s+([^,.;:()]{1,60})")
_TITLE_AFTER = re.compile(r"[ \t]+(?:military |official |deputy |chief )?([a-z]+)[ \t]+[A-Z]")
_FOR_PLACE = re.compile(r"\s+(?:for|to|in|on|of)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}(?:\s*\([A-Z]+\))?$")
_DATELINE_AFTER = re.compile(r"(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)*)?\s*(?:\(|[—–]|,\s*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|"
                             r"Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d)")
_LIST_LAST = ("specifically", "namely", "including", "such as", "notably", "particularly")
_LIST_END = re.compile(r"(?=[,\sinps]),?\s*(?:" + "|".join(_LIST_LAST) + r")$")
_PLACE_NOUN_AFTER = re.compile(r"[ \t]+(city|province|district)\b")
_PLACE_OF_END = re.compile(r"\b(?:town|village|city)\s+of\s+$")
_NOT_PLACE_WORDS = frozenset("The A An Its Their His Her This That These Those".split())
_CLOSED = re.compile(r"[\"”’')\]]*[.!?]")
_POSSESSIVE_END = re.compile(r"['’]s$")
_NOT_LETTER = re.compile(r"[^A-Za-z]")


def _case_ok(surface: str, known: tuple[Known, ...]) -> bool:
    """Short names match only as written ("IS" is not "is"); longer ones need a capital somewhere."""
    letters = _NOT_LETTER.sub("", surface)
    if len(letters) <= 4:
        return letters.isupper() or any(k.label == surface for k in known)
    return any(ch.isupper() for ch in surface)


def find_mentions(text: str, sentences: list[Sentence], known: KnownNames, lexicon: Lexicon,
                  words: Words | None = None) -> list[Mention]:
    """Every mention in the text, longest first where they overlap, in text order (``words``: :func:`words_of`)."""
    words = words or words_of(text, sentences)
    found: list[Mention] = []
    taken: set[int] = set()
    headline = _headline_sentences(words, text)
    _known_names(text, words, known, found, taken, headline)
    name_forms(text, words, known, lexicon, found, taken, headline)
    _chunks(text, words, known, lexicon, found, taken, headline)
    from kg.ingest.appositions import signatures  # these build Mention objects: imported here, not at the top
    from kg.ingest.heads import not_actors, refine

    refine(text, found, lexicon)
    signatures(text, sentences, found, lexicon)
    _anaphors(text, sentences, words, found, taken)
    found.sort(key=lambda m: (m.start, -m.end))
    defined_names(text, words, found)
    _acronyms(text, found)
    _repeated_names(text, words, found)
    not_actors(text, found)
    return found


def _known_names(text: str, words: Words, known: KnownNames, found: list[Mention], taken: set[int],
                 headline: set[int]) -> None:
    n = len(words.starts)
    following = 0  # the first token not inside a name already found
    # Only a token that starts a known name or is a nationality word can begin a mention here.
    for i in compress(count(), map(known.starters().__contains__, words.keys)):
        if i < following:
            continue
        name_key = words.keys[i]
        best = None
        j = i
        while name_key in known.prefixes and j - i < known.max_words:
            if name_key in known.names:
                best = j
            if words.possessive[j] or j + 1 >= n or words.sentence[j + 1] != words.sentence[i]:
                break
            if not adjacent(text, words, j, j + 1):
                break
            j += 1
            name_key = f"{name_key} {words.keys[j]}"
        if best is not None:
            entries = known.names[" ".join(words.keys[i:best + 1])]
            if _in_longer_name(text, words, i, best, known, entries, words.sentence[i] in headline):
                following = best + 1
                continue
            surface = text[words.starts[i]:words.ends[best]]
            surface = _POSSESSIVE_END.sub("", surface)
            if _case_ok(surface, entries):
                types = {e.type for e in entries}
                kind_type = types.pop() if len(types) == 1 else None
                found.append(mention_at(text, words, i, best, "known", type=kind_type, known=entries))
                taken.update(range(i, best + 1))
                following = best + 1
                continue
        if words.capital[i] and words.keys[i] in known.demonyms:
            found.append(mention_at(text, words, i, i, "demonym", country=known.demonyms[words.keys[i]]))
            taken.add(i)


def _in_longer_name(text: str, words: Words, i: int, j: int, known: KnownNames, entries: tuple[Known, ...],
                    headline: bool) -> bool:
    """A place's name inside a longer name: "Jammu and Kashmir Police" (not in a headline, where every word has a
    capital), and for a city only the cities table knows, "Mocimboa da Praia", "Zamboanga del Norte"."""
    n, sentence = len(words.starts), words.sentence[i]

    def joined(left: int, right: int) -> bool:
        return 0 <= left and right < n and words.sentence[left] == words.sentence[right] == sentence \
            and adjacent(text, words, left, right)

    k = j + 1
    if words.possessive[j] or not all(e.type in ("City", "Region") for e in entries):
        return False
    if not headline and joined(j, k) and words.capital[k] and not words.base[k].isdigit():
        return True
    if i != j or words.keys[i] not in known.city_table:
        return False
    return (joined(i - 1, i) and (words.capital[i - 1] and words.base[i - 1] not in STOP or words.base[i - 1] in CONNECTORS)
            or joined(j, k) and joined(k, k + 1) and words.base[k] in CONNECTORS and words.capital[k + 1])


def _type_before(lexicon: Lexicon, before: str, possessive: bool = False) -> str | None:
    """The class a noun just before a name gives it: "the group X", "the town of X", "led by X"."""
    tail = " ".join(before[-60:].split()).lower()  # white space runs as one space, trimmed
    # Each of these patterns ends the text: one that cannot match its last word is not run.
    if tail.endswith(_LED_BY_LAST) and _LED_BY.search(tail):
        return "Person"
    if not possessive and (tail.endswith(_LOCATIVE_LAST) and _LOCATIVE_END.search(tail)
                           or tail.endswith("from") and _FROM_END.search(tail)
                           or tail.endswith(_TAKEN_LAST) and tail.rsplit(" ", 1)[-1] in _TAKEN_LAST):
        return "City"
    of = tail.endswith("of") and _OF_END.search(tail) is not None
    if of:
        tail = _OF_END.sub("", tail)
    words = _WORDISH.findall(tail)
    if not words or words[-1] not in lexicon.type_noun_ends:
        return None
    for width in (3, 2, 1):
        if len(words) >= width:
            noun = " ".join(words[-width:])
            if noun in lexicon.type_nouns:
                cls = lexicon.type_nouns[noun]
                return None if of and cls == "Person" else cls  # "the leader of Asaib Ahl al-Haq": not a person
    return None


def _type_after(lexicon: Lexicon, after: str) -> tuple[str | None, int]:
    """The class a noun right after a name or in apposition gives it, and the noun's length when it joins the name."""
    match = _NOUNS_AFTER.match(after)
    if match:
        words = match.group(1).split(" ")
        for width in (3, 2, 1):
            noun = written = " ".join(words[:width])
            if noun not in lexicon.type_nouns and noun.endswith("s") and noun[:-1] in lexicon.type_nouns:
                noun = noun[:-1]
            if len(words) >= width and noun in lexicon.type_nouns and lexicon.type_nouns[noun] != "Person":
                cls = lexicon.type_nouns[noun]
                # "Idlib province" is one name, "the Idlib and Hama provinces" two: a plural joins none
                joins = noun == written and noun in ("movement", "network", "station", "newsletter", "province", "district",
                                                     "mountains", "forest", "police", "city")
                return cls, (1 + len(noun)) if joins else 0
    apposition = _APPOSED.match(after) or _COPULA.match(after)
    if apposition:
        words = apposition.group(1).lower().split()[:5]
        for last in range(len(words)):
            for width in (3, 2, 1):
                noun = " ".join(words[max(0, last - width + 1):last + 1])
                if noun in lexicon.type_nouns:
                    members = _members_class(lexicon, words[last + 1:]) if noun in _COLLECTIVE else None
                    return members or lexicon.type_nouns[noun], 0
    return None, 0


#: "Viv Ansanm is a coalition of Haitian gangs": a copula and an indefinite noun phrase type the subject as apposition does.
_COPULA = re.compile(r"[ \t]+(?:is|was)[ \t]+(?:a|an)[ \t]+([^,.;:()]{1,60})")
#: Nouns of a whole made of members: its members' noun says the class ("a coalition of gangs", "an alliance of militias").
_COLLECTIVE = frozenset({"coalition", "alliance", "federation", "umbrella", "network", "grouping", "union", "front"})


def _members_class(lexicon: Lexicon, rest: list[str]) -> str | None:
    """The class of the plural members named after "of" ("of Haitian gangs", "of armed groups"), if any."""
    if not rest or rest[0] != "of":
        return None
    for word in rest[1:4]:
        for noun in (word, word[:-1] if word.endswith("s") else word):
            if noun in lexicon.type_nouns and lexicon.type_nouns[noun] != "Person":
                return lexicon.type_nouns[noun]
    return None


def _relation_title_after(lexicon: Lexicon, after: str) -> bool:
    """Whether a title that relates a person to an organisation follows: "ISWAP leader", "RDF spokesman"."""
    match = _TITLE_AFTER.match(after)
    return bool(match) and lexicon.titles.get(match.group(1)) is not None


def _title_before(lexicon: Lexicon, before: str) -> str | None:
    tail = before[-60:].rstrip()
    if tail.endswith(_LIST_LAST):
        tail = _LIST_END.sub("", tail)
    tail = tail[:-1].rstrip() if tail.endswith(",") else tail
    match = lexicon.title_ending(tail)
    if match is None:
        bare = _FOR_PLACE.sub("", tail)
        match = lexicon.title_ending(bare) if bare != tail else None
    return match.group(1) if match else None


def _chunks(text: str, words: Words, known: KnownNames, lexicon: Lexicon, found: list[Mention], taken: set[int],
            headline: set[int]) -> None:
    """Capitalised names not yet found: typed by the nouns and titles around them."""
    n = len(words.starts)
    titles_first = lexicon.title_words
    sentence_starts = _sentence_starts(words)
    following = titled = 0  # the first token past the last chunk or title; the first past the last title
    # A chunk starts at a capital or a glued article; a title is passed over. Other tokens need no look.
    openers = lexicon.chunk_openers
    for i in compress(count(), map(or_, words.capital, map(openers.__contains__, words.base))):
        if i < following:
            continue
        article = (words.base[i] in GLUED_ARTICLES and i + 1 < n and words.capital[i + 1]
                   and text[words.ends[i]:words.starts[i + 1]] == "-")
        if words.base[i] in titles_first:
            following = i + _title_length(words, i, lexicon)  # "Supreme Leader Ayatollah Ali Khamenei": past the title
            titled = following if _TITLE_IN_PHRASE.search(text, max(0, words.starts[i] - 6), words.starts[i]) else titled
            continue
        in_headline = words.sentence[i] in headline
        if (i in taken or not (words.capital[i] or article) or words.base[i] in STOP and not _place_named(text, words, i)
                or words.base[i].isdigit() or in_headline and i != titled):
            continue
        j = i
        while (j + 1 < n and j + 1 not in taken and words.sentence[j + 1] == words.sentence[i] and not words.possessive[j]
               and adjacent(text, words, j, j + 1)
               and ((words.capital[j + 1] and words.base[j + 1] not in STOP and not words.base[j + 1].isdigit())
                    or (words.lower[j + 1] in CONNECTORS and j + 2 < n and words.capital[j + 2] and j + 2 not in taken)
                    or _inside_name(text, words, j + 1, taken))):
            j += 1
        while j > i and words.lower[j] in CONNECTORS and not hyphened(text, words, j):
            j -= 1
        start, end = words.starts[i], words.ends[j]
        if in_headline and not _HEADLINE_NAME_END.match(text, end):
            continue  # "Secretary-General António Guterres" closes its headline; "President Macron Visits Mali" says nothing
        sentence_start = sentence_starts[words.sentence[i]]
        before, after = text[sentence_start:start], text[end:end + 80]
        title = _title_before(lexicon, before)
        cls = "Person" if title else _type_before(lexicon, before, words.possessive[j])
        if cls == "Person" and not title and before.rstrip().endswith("said") and not re.match(r"\s*[,.]", after):
            cls = None  # "said Halima Bukar, a researcher", but not "said Boko Haram leader …"
        if not before.strip() and words.base[i].isupper() and len(words.base[i]) > 3 and _DATELINE_AFTER.match(after):
            cls = "City"  # a dateline: "MOGADISHU, Aug 21 —", "KABUL (Aug 27) —"
        extra = 0
        if cls is None or cls in ("Person",) and not title:
            after_cls, extra = _type_after(lexicon, after)
            if after_cls and not (not before.strip() and i == j and re.match(r"\s+rights\b", after)):
                cls = cls or after_cls  # "Human rights groups said" names no one
        place_noun = _PLACE_NOUN_AFTER.match(after) if cls in (None, "City", "Region") and not extra else None
        if place_noun:  # "near Idlib city": the noun is part of the name and says the kind of place
            cls, extra = lexicon.type_nouns.get(place_noun.group(1), cls), place_noun.end()
        if cls is None and j > i and _ACRONYM_AFTER.match(text, end):
            cls = "MilitantGroup"
        if extra and _INDEFINITE_BEFORE.search(before):
            cls, extra = None, 0  # "a Zaydi Shi'ite movement", "an Islamist network": a description, not a name
        weak_title = cls is None and _relation_title_after(lexicon, after)
        if weak_title:
            cls = "MilitantGroup"  # "Taliban spokesman Zabihullah Mujahid": an organisation, most often an armed group
        weak = weak_title or (cls == "City" and not title and not before.strip().endswith(("town of", "city of", "village of")))
        mention = mention_at(text, words, i, j, "cued" if cls and not weak else "chunk", type=cls, title=title)
        if extra and not words.possessive[j]:
            mention.end += extra
            mention.retext(text[mention.start:mention.end])
            mention.possessive = text[mention.end:mention.end + 2] in ("’s", "'s")
        found.append(mention)
        taken.update(range(i, j + 1))
        following = j + 1
    _forces(text, found)


_INDEFINITE_BEFORE = re.compile(r"\b(?:[Aa]n?|[Aa]nother)[ \t]+$")


def _repeated_names(text: str, words: Words, found: list[Mention]) -> None:
    """A name of several words found once is the same name where else it is written, in a headline or a letterhead too
    ("Gulf of Guinea Borderlands Monitor" over its first line, where "Gulf" and "Guinea" alone were taken) (in place)."""
    names = {m.name: m for m in found if m.kind in ("name", "cued") and m.type and " " in m.name and not m.name.isupper()}
    added = []
    # The mentions by start: one that overlaps a stretch starts less than the longest mention's length before it.
    ordered = sorted(found, key=lambda m: m.start)
    starts = [m.start for m in ordered]
    longest = max((m.end - m.start for m in found), default=0)
    for name, model in names.items():
        at = text.find(name)
        while at >= 0:
            end = at + len(name)
            inside = [m for m in ordered[bisect.bisect_right(starts, at - longest):bisect.bisect_left(starts, end)] if at < m.end]
            if inside and all(at <= m.start and m.end <= end and m.end - m.start < end - at for m in inside) \
                    and not text[end:end + 1].isalnum() and not text[at - 1:at].isalnum():
                gone = {id(m) for m in inside}
                found[:] = [m for m in found if id(m) not in gone]
                ordered = [m for m in ordered if id(m) not in gone]
                starts = [m.start for m in ordered]
                i = bisect.bisect_left(words.starts, at)
                added.append(Mention(at, end, name, model.kind, words.sentence[i], type=model.type, country=model.country))
            at = text.find(name, end)
    if added:
        found.extend(added)
        found.sort(key=lambda m: (m.start, -m.end))


#: Words of STOP that, between two capitalised words, are part of the name: "Kivu Security Tracker", "Tigray Interim
#: Regional Administration" (at a name's start they are the sentence's).
_INSIDE = frozenset("Security Interim Police Government Health Local Opposition Caretaker Acting".split())


#: A titled name in a headline, after "by", "for", "of" or a comma ("Briefing by …, Spokesperson for Secretary-General António
#: Guterres"), is a name when it ends the line or a clause of it; a title opening a headline is its subject ("President Ruto
#: Visits Kismayo Port"), whose words are all capitalised.
_TITLE_IN_PHRASE = re.compile(r"(?:\b(?:by|for|of|with)|,)[ \t]+$")
_HEADLINE_NAME_END = re.compile(r"[ \t]*(?:[,:;(—–]|[ \t]-[ \t]|\n|$)")


def _place_named(text: str, words: Words, i: int) -> bool:
    """A word that usually starts a sentence or a common phrase names the place "the town of" announces ("the town of
    Arab Saeed", "the village of Security Hill"), unless it is an article or a pronoun."""
    return (words.base[i] not in _NOT_PLACE_WORDS and i + 1 < len(words.starts) and words.capital[i + 1]
            and _PLACE_OF_END.search(text, max(0, words.starts[i] - 16), words.starts[i]) is not None)


def _inside_name(text: str, words: Words, k: int, taken: set[int]) -> bool:
    return (words.base[k] in _INSIDE and k + 1 < len(words.starts) and k + 1 not in taken and not words.possessive[k]
            and words.sentence[k + 1] == words.sentence[k] and words.capital[k + 1] and words.base[k + 1] not in STOP
            and adjacent(text, words, k, k + 1))


def _title_length(words: Words, i: int, lexicon: Lexicon) -> int:
    """How many words of a title start at token ``i`` ("Prime Minister": 2), at least 1."""
    longest = 1
    for parts in lexicon.title_words.get(words.base[i], ()):
        if len(parts) > longest and words.base[i:i + len(parts)] == parts:
            longest = len(parts)
    return longest


def _headline_sentences(words: Words, text: str) -> set[int]:
    """Lines in title case without a full stop (headlines, menus): capitals there say nothing about names."""
    last_end = dict(zip(words.sentence, words.ends))  # each sentence's last token ends here
    long = list(map((3).__lt__, map(len, words.base)))  # words of four letters or more, and how many are capitalised
    totals = Counter(compress(words.sentence, long))
    capitals = Counter(compress(words.sentence, map(and_, long, words.capital)))
    return {s for s, end in last_end.items()
            if totals[s] >= 3 and capitals[s] / totals[s] > 0.6 and not _CLOSED.match(text, end, end + 3)}


def _sentence_starts(words: Words) -> dict[int, int]:
    """Where each sentence's first token starts (read backwards, each sentence's first token is written last)."""
    return dict(zip(reversed(words.sentence), reversed(words.starts)))


def _forces(text: str, found: list[Mention]) -> None:
    """Nationality and force noun: "US service members", "Mozambican marines", "Syrian government"."""
    extra = []
    for mention in found:
        if mention.kind not in ("demonym", "known") or (mention.kind == "known" and mention.type != "Country"):
            continue
        after = text[mention.end:mention.end + 40].lower()
        force = _FORCE_AFTER.match(after)
        if force:
            country = mention.country or mention.known[0].label
            end = mention.end + force.end()
            extra.append(Mention(mention.start, end, text[mention.start:end], "force", mention.sentence,
                                 type="StateArmedForce", country=country, possessive=text[end:end + 2] in ("’s", "'s")))
        elif mention.kind == "demonym" and _GOVERNMENT_AFTER.match(after):
            end = mention.end + _GOVERNMENT_AFTER.match(after).end()
            extra.append(Mention(mention.start, end, text[mention.start:end], "name", mention.sentence,
                                 type="Government", country=mention.country))
    for mention in found:
        # "Rwandan and Mozambican troops": the first nationality has the same troops.
        if mention.kind == "demonym":
            joined = next((f for f in extra if f.kind == "force" and re.fullmatch(r"\s+and\s+", text[mention.end:f.start])
                           and f.start > mention.end), None)
            if joined is not None:
                noun = joined.text.split(" ", 1)[-1] if " " in joined.text else "forces"
                extra.append(Mention(mention.start, mention.end, f"{mention.text} {noun}", "force", mention.sentence,
                                     type="StateArmedForce", country=mention.country))
    for item in extra:
        found[:] = [m for m in found if not (item.start <= m.start and m.end <= item.end) or m is item]
        if not any(m is item for m in found):
            found.append(item)


def _anaphors(text: str, sentences: list[Sentence], words: Words, found: list[Mention], taken: set[int]) -> None:
    import bisect

    occupied = sorted((m.start, m.end) for m in found)
    starts = [a for a, _ in occupied]
    widest = max((b - a for a, b in occupied), default=0)
    s = 0
    for match in _ANAPHOR.finditer(text):
        start, end = match.start(), match.end()
        first = bisect.bisect_left(starts, start - widest)
        if any(a < end and start < b for a, b in occupied[first:bisect.bisect_left(starts, end)]):
            continue
        while s < len(sentences) - 1 and start >= sentences[s].end:
            s += 1
        refers = (match["pron"] or match["np"]).lower()
        possessive = bool(match["poss"]) or refers in ("its", "their", "his")
        found.append(Mention(start, end, text[start:end], "anaphor", s, refers=refers, possessive=possessive))


def _acronyms(text: str, found: list[Mention]) -> None:
    """"Long Name (ACR)": the acronym becomes a mention that is an alias of the long name."""
    additions = []
    for mention in found:
        if mention.kind in ("anaphor", "demonym") or " " not in mention.name.strip():
            continue
        match = _ACRONYM.match(text, mention.end if not mention.possessive else mention.end - 2)
        if not match:
            continue
        acronym = match.group(1)
        if acronym.lower() == acronym or len(re.sub(r"[^A-Z]", "", acronym)) < 2:
            continue
        start = match.start(1)
        additions.append(Mention(start, match.end(1), acronym, "acronym", mention.sentence, type=mention.type,
                                 alias_of=mention.start))
    for acronym in additions:
        inside = [m for m in found if m.start >= acronym.start and m.end <= acronym.end and m.kind != "acronym"]
        acronym.known = next((m.known for m in inside if m.known), ())
        if inside:
            gone = {id(m) for m in inside}
            found[:] = [m for m in found if id(m) not in gone]
        found.append(acronym)
    found.sort(key=lambda m: (m.start, -m.end))
