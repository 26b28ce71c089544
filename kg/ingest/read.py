"""Reading a document: bytes in, text with a known encoding out (the first stage of ingest).

Input: a file path (or bytes). Output: :class:`Document` — the text whose character
offsets every later stage uses, its SHA-256, its date and title, and notes on how it was
read. Articles arrive as UTF-8, UTF-16 with a byte-order mark, Windows-1252 from old
newsroom systems, or saved web pages; all are read, and HTML is reduced to its text. What
cannot be an article (empty, binary, huge) is refused with a message naming the file.
Line ends are normalised to ``\\n``, as Python's text mode does, so offsets agree with
``Path.read_text``.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from kg.errors import KgError
from kg.statements import time_literal

#: Longer than any article; a file this size is a corpus dump or not text at all.
MAX_BYTES = 10 * 1024 * 1024

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_HTML_START = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<article|<div|<p[ >])", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


@dataclass
class Document:
    """A document ready for extraction: ``text`` is what offsets and the hash refer to."""

    text: str
    source: str
    date: str | None = None
    title: str | None = None
    sha256: str = ""
    notes: list[str] = field(default_factory=list)
    meta: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.sha256:
            self.sha256 = hashlib.sha256(self.text.encode("utf-8")).hexdigest()


class _TextOfHtml(HTMLParser):
    """Visible text of a page: scripts and styles dropped, blocks separated by blank lines."""

    _BLOCKS = frozenset("p div br li h1 h2 h3 h4 h5 h6 tr article section header footer blockquote title ul ol".split())
    _HIDDEN = frozenset(("script", "style", "noscript", "template", "head"))

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._hidden = 0
        self._in_title = False

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in self._HIDDEN:
            self._hidden += 1
        if tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in self._HIDDEN and self._hidden:
            self._hidden -= 1
        if tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._hidden:
            self.parts.append(data)


def html_to_text(html: str) -> tuple[str, str | None]:
    """The visible text of an HTML page (paragraphs kept apart) and its ``<title>``."""
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts).replace("\xa0", " ")
    text = re.sub(r"[ \t\r\f\v]*\n[ \t\r\f\v]*", "\n", text)
    text = re.sub(r"[ \t]+", " ", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    title = " ".join("".join(parser.title).split()) or None
    return text, title


def decode(data: bytes, name: str) -> tuple[str, list[str]]:
    """Bytes to text: a BOM decides; else UTF-8; else Windows-1252 (a superset of Latin-1), said in a note."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), [f"read as {codec.replace('-sig', '')} (byte-order mark)"]
            except UnicodeDecodeError as error:
                raise KgError(f"{name}: has a {codec} byte-order mark but is not valid {codec}: {error.reason}") from None
    if b"\x00" in data[:4096]:
        raise KgError(f"{name}: binary data (NUL bytes), not a text article")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return text, ["not valid UTF-8: read as Windows-1252/Latin-1"]


def read_bytes(data: bytes, name: str, *, date: str | None = None, html: bool | None = None) -> Document:
    """A :class:`Document` from raw bytes; ``html`` None means: detect a web page."""
    if len(data) > MAX_BYTES:
        raise KgError(f"{name}: {len(data) / 1e6:.1f} MB is too large for one article "
                      f"(limit {MAX_BYTES // (1024 * 1024)} MB): split it into articles")
    text, notes = decode(data, name)
    if html is None:
        html = bool(_HTML_START.match(data[:512].decode("ascii", "ignore").encode())) or name.lower().endswith((".html", ".htm"))
    title = None
    if html:
        text, title = html_to_text(text)
        notes.append("HTML: reduced to its visible text")
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if not text.strip():
        raise KgError(f"{name}: empty, no text to extract")
    controls = len(_CONTROL.findall(text[:20000]))
    if controls > max(8, len(text[:20000]) // 100):
        raise KgError(f"{name}: binary data ({controls} control characters), not a text article")
    if date is not None:
        check_date(date, f"{name}: --date")
    return Document(text=text, source=name, date=date, title=title, notes=notes)


def check_date(value: str, where: str) -> str:
    try:
        time_literal(value)
        if value.strip().startswith("-"):  # a year before the common era: no document's date
            raise ValueError(value)
    except ValueError:
        raise KgError(f"{where}: {value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)") from None
    return value


def read_meta(path: Path) -> dict:
    """``NAME.meta.json`` beside ``NAME.txt``, if there is one: {"published": "2020-08", "title": …}."""
    meta_path = path.with_name(path.stem + ".meta.json")
    if not meta_path.is_file():
        return {}
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise KgError(f"{meta_path}: not readable JSON: {error}") from None
    if not isinstance(meta, dict):
        raise KgError(f"{meta_path}: must be a JSON object")
    if meta.get("published") is not None:
        check_date(str(meta["published"]), f"{meta_path}: field 'published'")
    return meta


def read_document(path: str | Path, date: str | None = None) -> Document:
    """Read an article file, with its date from ``date`` or its ``.meta.json``."""
    path = Path(path)
    if not path.exists():
        raise KgError(f"{path}: no such file")
    if not path.is_file():
        raise KgError(f"{path}: not a file")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise KgError(f"{path}: {size / 1e6:.1f} MB is too large for one article "
                          f"(limit {MAX_BYTES // (1024 * 1024)} MB): split it into articles")
        data = path.read_bytes()
    except OSError as error:
        raise KgError(f"{path}: cannot read: {error.strerror or error}") from None
    meta = read_meta(path)
    document = read_bytes(data, str(path), date=date)
    document.date = date or (str(meta["published"]) if meta.get("published") else None)
    document.title = meta.get("title") or document.title or first_line_title(document.text)
    document.meta = meta
    return document


def first_line_title(text: str) -> str | None:
    """A headline: the first line, when it is short and not a sentence."""
    line = text.lstrip().split("\n", 1)[0].strip()
    if 0 < len(line) <= 200 and not line.endswith((".", ",", ";", ":")):
        return line
    return None
