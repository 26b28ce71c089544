"""Reading articles: encodings, HTML, and input that is not an article."""

import codecs

import pytest

from kg.errors import KgError
from kg.ingest.read import MAX_BYTES, first_line_title, html_to_text, read_bytes, read_document

TEXT = "Al-Naba criticized JNIM’s leadership, specifically Iyad Ag Ghaly and Amadou Kouffa.\n"


def test_utf8_is_read_as_is_and_hashed():
    document = read_bytes(TEXT.encode("utf-8"), "a.txt")
    assert document.text == TEXT
    assert document.notes == []
    assert len(document.sha256) == 64


def test_utf16_with_bom_is_decoded():
    document = read_bytes(codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "a.txt")
    assert document.text == TEXT
    assert "utf-16" in document.notes[0]


def test_latin1_falls_back_and_says_so():
    document = read_bytes("Ibrahim Boubacar Keïta was ousted.".encode("latin-1"), "a.txt")
    assert "Keïta" in document.text
    assert "Latin-1" in document.notes[0]


def test_windows_line_ends_become_newlines_so_offsets_match_read_text(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"Title\r\n\r\nFirst line.\r\n")
    document = read_document(path)
    assert document.text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"   \n\t ", "empty"),
    (b"\x00\x01\x02binary\x00" * 10, "binary"),
    (bytes(range(1, 32)) * 50, "binary"),
])
def test_what_is_not_an_article_is_refused(data, message):
    with pytest.raises(KgError, match=message):
        read_bytes(data, "bad.bin")


def test_a_file_too_large_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.seek(MAX_BYTES + 10)
        handle.write(b"x")
    with pytest.raises(KgError, match="too large"):
        read_document(path)


def test_html_is_reduced_to_its_visible_text():
    page = ("<!doctype html><html><head><title>Mali coup</title><style>p{}</style><script>var x='<p>';</script></head>"
            "<body><p>ISIS &amp; al-Qaeda are rivals.</p><p>JNIM&#8217;s leaders</p></body></html>")
    document = read_bytes(page.encode(), "page.html")
    assert document.text == "ISIS & al-Qaeda are rivals.\n\nJNIM’s leaders"
    assert document.title == "Mali coup"
    assert "HTML" in document.notes[0]


def test_html_detection_needs_markup_at_the_start():
    assert html_to_text("<p>a</p><p>b</p>")[0] == "a\n\nb"
    assert read_bytes(b"Fighters used <b> tags", "a.txt").text == "Fighters used <b> tags"


def test_date_comes_from_the_meta_file_or_the_option(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Headline\n\nBody text.", encoding="utf-8")
    (tmp_path / "story.meta.json").write_text('{"published": "2021-06-07", "title": "T"}', encoding="utf-8")
    assert read_document(path).date == "2021-06-07"
    assert read_document(path).title == "T"
    assert read_document(path, date="2020").date == "2020"
    with pytest.raises(KgError, match="not a date"):
        read_document(path, date="June 2020")


def test_a_broken_meta_file_is_named(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Body.", encoding="utf-8")
    (tmp_path / "story.meta.json").write_text("{oops", encoding="utf-8")
    with pytest.raises(KgError, match="story.meta.json"):
        read_document(path)


def test_headline_is_the_first_short_line():
    assert first_line_title("Mali Coup Occurs\n\n(New York) – Text.") == "Mali Coup Occurs"
    assert first_line_title("A sentence that ends.\nMore.") is None
