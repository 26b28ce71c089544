"""Names in Spanish, Portuguese and French forms that English patterns miss (part of the pass of :mod:`kg.ingest.heads`).

"Los Zetas", "Los Rastrojos", "Las Maras": a plural article before a plural name is how
Latin American armed groups and gangs are most often named in the press, where a place
("Los Angeles", "La Paz", "El Paso") takes a singular or no plural form. The article is not
part of what two mentions share: "Los Zetas" and "the Zetas" are one group. Names written
head first ("Cártel de Sinaloa") are typed by ``kg:leadNoun`` in :func:`kg.ingest.heads.head_class`.
"""

from __future__ import annotations

import re

from kg.ingest.mentions import Mention

_PLURAL_GROUP = re.compile(r"(?:Los|Las)[ \t]+[A-ZÁÉÍÓÚÑ][\w'’-]*(?:os|as)(?:[ \t]+[A-ZÁÉÍÓÚÑ][\w'’-]*(?:os|as|es))?")
#: Articles a key may begin with that do not tell two mentions apart.
ARTICLES = frozenset(("los", "las"))


def plural_group(mention: Mention) -> bool:
    """Whether the mention is a plural article and a plural name ("Los Tlacos"), and so an armed group; types it if so."""
    if mention.kind not in ("chunk", "cued") or mention.type not in (None, "City", "Region", "Person") \
            or not _PLURAL_GROUP.fullmatch(mention.name):
        return False
    mention.type, mention.kind = "MilitantGroup", "cued"
    return True


def without_article(words: list[str]) -> list[str]:
    """A key's words without a leading "los"/"las" ("los chapitos" → "chapitos")."""
    return words[1:] if len(words) > 1 and words[0] in ARTICLES else words
