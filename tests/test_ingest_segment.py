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


def test_items_fall_in_the_sentence_their_start_is_in():
    from kg.ingest.segment import items_by_sentence

    text = "One here. Two there.\n\nThree."
    spans = segment(text)
    starts = [0, 4, 8, 9, 10, 21, 22, len(text)]
    grouped = items_by_sentence(spans, starts, start=lambda s: s)
    assert grouped == {0: [0, 4, 8], 1: [10], 2: [22]}


def test_words_hold_each_token_with_its_sentence_base_and_key():
    from kg.ingest.segment import words_of

    text = "ISIS’s fighters left. The Taliban's men and the Jama'at stayed."
    words = words_of(text, segment(text))
    assert words.base[:3] == ["ISIS", "fighters", "left"] and words.possessive[:2] == [True, False]
    assert words.sentence == [0, 0, 0, 1, 1, 1, 1, 1, 1, 1]
    assert words.lower[3:5] == ["the", "taliban"] and words.capital[3:6] == [True, True, False]
    assert [text[s:e] for s, e in zip(words.starts, words.ends)][8] == "Jama'at"
    assert words_of("", []).base == [] and words_of("  ", []).sentence == []
