"""Stanford's Mapping Militant Organizations (MMP): relationships between militant groups.

Each row is one relationship with one start date (unknown parts written ``00``, or US-style
``2/18/10``), kept at its true precision, and a description kept as the evidence. The
relation comes from the ontology: the first relation declaring the row's ``kg:mmpCode``
(``all`` → cooperatesWith, ``riv`` → rivalOf, ``aff`` → affiliateOf, ``spl`` → splinterOf,
``mer`` → mergedInto); atWarWith and declaredWarOn also carry ``riv`` but come later.

MMP's codebook gives no direction for a pair: "group 1" is sometimes the splinter,
sometimes the parent. For the one-way relations the direction is read from the
description (the group named just before "split from", "pledged allegiance to", "merged
into"…, or just after "absorbed", "merger of"…); where the description does not say,
the row is read as listed, group 1 → group 2, with confidence 0.5 and a comment saying so.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KgError
from kg.importers.common import BadRow, Row, date_field
from kg.importers.pipeline import Converter, derivation_node, trace
from kg.ontology import relations
from kg.statements import Derivation, Evidence, RelationFact, relation_triples
from kg.vocab import RDFS

#: Wording that puts the group doing the splitting, pledging or merging before (+1) or after (-1) it.
_DIRECTION_WORDS = {
    "spl": ((+1, r"split (?:off )?from|splintered from|broke (?:away|off) from|breakaway from|defected from|"
                 r"separated from|splinter (?:group |faction )?of"),
            (-1, r"gave rise to|expelled")),
    "aff": ((+1, r"(?:pledged|swore|swearing|pledging|pledge of|declared) (?:its )?(?:allegiance|loyalty|bay'ah)|"
                 r"affiliate of|affiliated with|branch of|joined|linked to|wing of|loyal to"),
            (-1, r"accepted (?:the |its )?(?:pledge|allegiance)|recogni[sz]ed .* as (?:an |its )?(?:affiliate|branch)")),
    "mer": ((+1, r"merged (?:together )?(?:into|with)|incorporated into|absorbed into|folded into|joined|became part of|"
                 r"merged"),
            (-1, r"absorbed|merger of|formed by|formed from")),
}


def mmp_relation(code: str) -> str | None:
    """The first relation the ontology annotates with this MMP code."""
    return next((name for name, relation in relations().items() if code in relation.mmp), None)


def _forms(name: str) -> list[str]:
    """Ways a description may name a group: as listed, without "The", its acronym."""
    name = " ".join(name.split())
    forms = [name, re.sub(r"^The ", "", name)]
    if match := re.match(r"^(.*?)\s*\(([^)]*)\)$", name):
        forms += [match[1], match[2].replace("Formerly ", "")]
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z][\w'-]*", forms[1]) if w[0].isupper())
    if len(initials) >= 2:
        forms.append(initials)
    return [f for f in dict.fromkeys(forms) if len(f) >= 2]


def direction(code: str, description: str, first: str, second: str) -> int:
    """+1 if the description reads first → second, -1 if second → first, 0 if it does not say."""
    if code not in _DIRECTION_WORDS or not description:
        return 0
    mentions = []
    for group, name in ((1, first), (2, second)):
        for form in _forms(name):
            for match in re.finditer(rf"(?<![\w]){re.escape(form)}(?![\w])", description):
                mentions.append((match.start(), match.end(), group))
    for polarity, words in _DIRECTION_WORDS[code]:
        for match in re.finditer(rf"\b(?:{words})\b", description, flags=re.IGNORECASE):
            before = [m for m in mentions if m[1] <= match.start()]
            after = [m for m in mentions if m[0] >= match.end()]
            subject = max(before)[2] if before else (3 - min(after)[2] if after else 0)
            if subject:
                return polarity if subject == 1 else -polarity
    return 0


def read_key(path: Path) -> dict[str, str]:
    """The MMP group key: group id → name."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            if not reader.fieldnames or not {"group_id", "name"} <= {f.strip() for f in reader.fieldnames}:
                raise KgError(f"{path}: not an MMP group key file: its header lacks group_id or name")
            return {(r.get("group_id") or "").strip(): " ".join((r.get("name") or "").split()) for r in reader}
    except (OSError, UnicodeDecodeError) as error:
        raise KgError(f"{path}: cannot read: {error}") from None


class MmpConverter(Converter):
    dataset = "mmp"
    title = "Mapping Militant Organizations relationships"
    publisher = ("Mapping Militant Organizations", "ResearchOrganization")
    required = ("unique_id", "type", "group1_id", "group2_id", "date", "description")

    def __init__(self, *args, key: Path | None = None) -> None:
        super().__init__(*args)
        self._key = read_key(key) if key is not None else None
        self._seen: dict[ox.NamedNode, int] = {}
        self.as_listed = 0

    def _group(self, row: Row, n: int) -> tuple[ox.NamedNode, str]:
        group_id = row.need(f"group{n}_id")
        name = " ".join(row.get(f"group{n}_name").split())
        if self._key is not None:
            if group_id not in self._key:
                raise BadRow(f"group{n}_id {group_id} is not in the group key", f"group{n}_id")
            name = self._key[group_id]
        if not name:
            raise BadRow(f"no name for group{n}_id {group_id} (give --key with the group key file)", f"group{n}_name")
        return self.actor(name, "MilitantGroup", "mmp", group_id), name

    def convert(self, row: Row) -> list[ox.Triple]:
        code = row.need("type").lower()
        relation = mmp_relation(code)
        if relation is None:
            raise BadRow(f"type {code!r} is not an MMP relationship type the ontology knows", "type")
        start = date_field(row, "date")
        (first, first_name), (second, second_name) = self._group(row, 1), self._group(row, 2)
        if first == second:
            raise BadRow(f"{first_name} and {second_name} are one actor here ({self.resolver.label(first)})", "group2_id")
        description = " ".join(row.get("description").replace("\\'", "'").split())
        subject, obj, confidence, comment = first, second, None, None
        if not relations()[relation].symmetric:
            way = direction(code, description, first_name, second_name)
            if way < 0:
                subject, obj = second, first
            elif way == 0:
                confidence = 0.5
                comment = "MMP gives no direction and the description does not say it: read as listed, group 1 → group 2."
                self.as_listed += 1
        quote = description or f"{first_name} {code} {second_name}"
        fact = RelationFact(subject, relation, obj, Derivation(self.source, start=start, confidence=confidence,
                                                               evidence=Evidence(quote)))
        triples = relation_triples(fact)
        node = derivation_node(triples)
        if node in self._seen:
            self.notes.append(f"line {row.line} repeats line {self._seen[node]} (same groups, type and description): "
                              "kept once, both lines traced")
            return trace(node, [row.line], [row.get("unique_id")])
        self._seen[node] = row.line
        if comment:
            triples.append(ox.Triple(node, RDFS.comment, ox.Literal(comment)))
        return triples + trace(node, [row.line], [row.get("unique_id")])

    def finish(self) -> list[ox.Triple]:
        if self.as_listed:
            self.notes.append(f"{self.as_listed} one-way relationships read as listed (group 1 → group 2): "
                              "their descriptions do not give the direction (confidence 0.5)")
        return []
