from site_search.compounds import search_terms, split_compound, vocabulary, word_use


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
    # A head that is a word (here with a linking "s") is a part, and so are its parts.
    known = vocabulary(["Das Handwerk, die Hand, das Werk und der Betrieb."])
    assert split_compound("Handwerksbetrieb", known) == ["handwerks", "hand", "werk", "betrieb"]


def test_a_split_keeps_the_words_kind():
    known = vocabulary(
        [
            "Wir nehmen uns Zeit. Das Unternehmen wächst, und die Partnerinnen sind innen.",
            "Am Ende der Woche danken wir den Mitarbeitenden, die gern mitarbeiten.",
            "Das Wochenende ist frei. Wir achten darauf, wie Sie betrachten.",
        ]
    )
    assert split_compound("Unternehmen", known) == []  # a noun ends in no verb
    assert split_compound("Partnerinnen", known) == []  # "innen" is an ending here
    assert split_compound("Mitarbeitende", known) == []  # the participle of mitarbeiten
    assert split_compound("Wochenende", known) == ["wochen", "ende"]  # the noun "Ende"
    assert split_compound("betrachten", known) == []  # "betr" is no word


def test_only_a_noun_keeps_a_head_the_site_uses_in_compounds_only():
    known = vocabulary(["Im Fachartikel steht, was ein Artikel braucht; sie haben angemeldet."])
    assert split_compound("Fachartikel", known) == ["fach", "artikel"]
    known = vocabulary(["Wer sich angemeldet hat, meldet sich."])
    assert split_compound("angemeldet", known) == []  # "ange" is a prefix


def test_a_capital_at_a_sentences_start_or_in_an_address_says_nothing():
    use = word_use("Nehmen Sie Platz.\nNehmen ist seliger. Wir nehmen teil: redaktion@beispiel.de")
    assert "nehmen" in use.lowered and "nehmen" not in use.nouns
    assert "platz" in use.nouns
    assert "redaktion" not in use.known and "beispiel" not in use.known


def test_search_terms_lists_each_part_once_sorted():
    known = vocabulary(["Kommunikation", "Krise", "Krisen"])
    text = "Krisenkommunikation, noch einmal Krisenkommunikation und Kommunikation."
    assert search_terms(text, known) == "kommunikation krisen"
    assert search_terms(["krisenkommunikation"], known) == "kommunikation krisen"
    assert search_terms("Ein kurzer Satz.", known) == ""
