"""Sentences and tokens."""

from kg.ingest.segment import segment, tokens


def sentences(text):
    return [text[s.start:s.end] for s in segment(text)]


def test_abbreviations_and_initials_do_not_end_sentences():
    text = "A tally of U.N. data shows 416 killed. Gen. Kenneth McKenzie spoke in the U.S. Capitol. J. Smith left."
    assert sentences(text) == ["A tally of U.N. data shows 416 killed.", "Gen. Kenneth McKenzie spoke in the U.S. Capitol.",
                               "J. Smith left."]


def test_headlines_and_lines_are_sentences_of_their_own():
    text = "Mali Coup Occurs\n\n(New York, N.Y.) – Keita was ousted. The coup drew condemnation.\nRelated Press Resources"
    assert sentences(text) == ["Mali Coup Occurs", "(New York, N.Y.) – Keita was ousted.", "The coup drew condemnation.",
                               "Related Press Resources"]


def test_quotes_close_sentences():
    assert sentences('He said "no." Then "we left."') == ['He said "no."', 'Then "we left."']


def test_offsets_point_into_the_text():
    text = "  First one.   Second one.  "
    for sentence in segment(text):
        assert text[sentence.start:sentence.end].strip() == text[sentence.start:sentence.end]


def test_tokens_split_hyphens_not_apostrophes():
    assert [t.text for t in tokens("al-Qaeda's Jama'at U.N. ISIS’s")] == ["al", "Qaeda's", "Jama'at", "U.N.", "ISIS’s"]
