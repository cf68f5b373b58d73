from site_search.compounds import search_terms, split_compound, vocabulary


def test_compounds_split_at_words_the_site_uses():
    known = vocabulary(["Kommunikation im Team", "Krisenkommunikation und Führungskräfte"])
    assert split_compound("Krisenkommunikation", known) == ["krisen", "kommunikation"]
    assert split_compound("Unternehmenskommunikation", known) == ["unternehmens", "kommunikation"]
    assert split_compound("Führungskräfte", known) == []  # no known tail: not split
    assert split_compound("Kommunikation", known) == []


def test_the_head_is_split_again_and_short_words_are_left_alone():
    known = vocabulary(["Daten", "Schutz", "Folgen", "Abschätzung"])
    assert split_compound("Datenschutzfolgenabschätzung", known) == [
        "daten",
        "schutz",
        "folgen",
        "abschätzung",
    ]
    assert split_compound("Teamwork", known) == []  # under ten letters


def test_search_terms_lists_each_part_once_sorted():
    known = vocabulary(["Kommunikation", "Krise", "Krisen"])
    text = "Krisenkommunikation, noch einmal Krisenkommunikation und Kommunikation."
    assert search_terms(text, known) == "kommunikation krisen"
    assert search_terms(["krisenkommunikation"], known) == "kommunikation krisen"
    assert search_terms("Ein kurzer Satz.", known) == ""
