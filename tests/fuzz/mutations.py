"""Hypothesis strategies that damage real inputs the way the world does: cut, spliced, mis-encoded, hostile."""

from __future__ import annotations

import codecs

from hypothesis import strategies as st

# Pieces that matter to some parser somewhere: quoting, escapes, brackets, encodings, markup, control characters.
TOKENS = [
    b'"', b"'", b'"""', b"'''", b"\\", b"\\u", b"\\U0010FFFF", b"<", b">", b"{", b"}", b"[", b"]", b"(", b")",
    b",", b";", b".", b":", b"#", b"@", b"^^", b"_:", b"=", b"\n", b"\r\n", b"\r", b"\t", b"\x00", b"\xff\xfe",
    b"\xef\xbb\xbf", b"\xc3", b"\xe2\x80", b"\x80", b"\xed\xa0\x80", b"@prefix x: <http://x/> .", b"<http://x/a>",
    b"kg:leaderOf", b"skos:prefLabel", b'"@id"', b'"@context"', b'"@graph"', b"[[actor]]", b"[source]",
    b"[[relation]]", b"<script>alert(1)</script>", b"<![CDATA[", b"-->", b"\xe2\x80\xae", b"\xe2\x80\x8b",
    b"9" * 40, b"-1", b"1e309", b"NaN", b"true", b"2020-13-45", b"0000-00-00", b'"""' * 3,
]


@st.composite
def mutated(draw, seed: bytes, tokens: list[bytes] = TOKENS, max_ops: int = 6) -> bytes:
    """``seed`` after a few random edits: deletions, insertions, byte flips, duplications, truncation, line swaps."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, max_ops))):
        size = len(data)
        at = draw(st.integers(0, size))
        kind = draw(st.sampled_from(["delete", "insert", "token", "flip", "duplicate", "truncate", "swap"]))
        if kind == "delete" and size:
            data[at:at + draw(st.integers(1, 64))] = b""
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif kind == "token":
            data[at:at] = draw(st.sampled_from(tokens))
        elif kind == "flip" and at < size:
            data[at] = draw(st.integers(0, 255))
        elif kind == "duplicate" and size:
            data[at:at] = data[at:at + draw(st.integers(1, 200))]
        elif kind == "truncate":
            del data[at:]
        elif kind == "swap":
            lines = bytes(data).split(b"\n")
            if len(lines) > 2:
                i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
                lines[i], lines[j] = lines[j], lines[i]
                data = bytearray(b"\n".join(lines))
    return bytes(data)


# Text that stays well-formed Unicode (no lone surrogates), from plain letters to controls and tricks.
def unicode_text(min_size: int = 0, max_size: int = 60) -> st.SearchStrategy[str]:
    return st.text(st.characters(exclude_categories=("Cs",)), min_size=min_size, max_size=max_size)


ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "cp1252", "koi8-r",
             "shift_jis", "gb18030", "iso2022_jp"]


@st.composite
def encoded(draw, text: str) -> bytes:
    """``text`` in some encoding (characters it cannot hold replaced), sometimes with a wrong byte-order mark."""
    encoding = draw(st.sampled_from(ENCODINGS))
    data = text.encode(encoding, errors="replace")
    if draw(st.booleans()) and encoding.startswith("utf-16"):
        data = draw(st.sampled_from([codecs.BOM_UTF8, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE])) + data
    return data
