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
    # So is a tail ("Plätze" finds "Büroarbeitsplätze").
    known = vocabulary(["Das Büro, die Arbeit, die Plätze und die Arbeitsplätze."])
    assert split_compound("Büroarbeitsplätze", known) == [
        "büro",
        "arbeitsplätze",
        "arbeits",
        "plätze",
    ]


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


def test_a_head_is_split_again_as_the_word_it_is():
    known = vocabulary(
        ["Das Unternehmen wächst. Wir nehmen uns Zeit unter Freunden. Die Kommunikation."]
    )
    # "Unternehmens" is a noun: no "nehmen" in it either.
    assert split_compound("Unternehmenskommunikation", known) == ["unternehmens", "kommunikation"]
    # A head that is no word loses its linking "s" before it is split again.
    known = vocabulary(["Krisen und Kommunikation. Die Abteilung."])
    assert split_compound("Krisenkommunikationsabteilung", known) == [
        "krisen",
        "kommunikation",
        "abteilung",
    ]


def test_a_nouns_ende_after_a_plural_is_the_noun():
    known = vocabulary(["Das Projekt läuft. In den Projekten zählt am Ende der Termin."])
    assert split_compound("Projektende", known) == ["projekt", "ende"]


def test_a_short_tail_after_a_head_no_other_word_shares_is_no_split():
    known = vocabulary(["Der Rand und der Lagerbrand. Die Daten der Kandidaten."])
    assert split_compound("Lagerbrand", known) == []
    assert split_compound("Kandidaten", known) == []
    # The same head in two words, or a noun's suffix before its linking "s", may be one.
    known = vocabulary(["Der Fachtext, das Fachbuch, ein Text, ein Buch. Die Codes."])
    assert split_compound("Fachtexte", known) == []  # under ten letters
    assert split_compound("Fachtextbuch", known) == ["fachtext", "buch"]
    assert split_compound("Wiederherstellungscodes", known) == ["wiederherstellungs", "codes"]


def test_a_lower_case_words_head_has_five_letters_or_is_a_noun():
    known = vocabulary(
        ["Was wir weitergeben, geben wir viel weiter, weit und breit; vielleicht ergeben, leicht."]
    )
    assert split_compound("weitergeben", known) == ["weiter", "geben"]  # not weit|ergeben
    assert split_compound("vielleicht", known) == []  # an adverb, not viel|leicht
    # A head of four letters that is a noun is one.
    known = vocabulary(["Die Zeit ist knapp: aufwendig, ja zeitaufwendig."])
    assert split_compound("zeitaufwendig", known) == ["zeit", "aufwendig"]


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
    use = word_use(
        "Mehr unter https://www.beispiel.de/seite. Dort steht es.\n        Heute nicht… "
        "Danach NICHTS und/oder Presse/Öffentlichkeit, code_name"
    )
    assert not use.nouns & {"dort", "heute", "danach", "nichts", "beispiel", "seite"}
    assert {"oder", "presse", "öffentlichkeit"} <= use.known  # words, not an address
    assert "code" not in use.known
    # After a list's number, an arrow, a bullet or an emoji a sentence may start.
    use = word_use("Wir nehmen teil.\n1) Nehmen Sie Platz. → Nehmen Sie · Nehmen ✅ Nehmen")
    assert "nehmen" not in use.nouns


def test_search_terms_list_each_compound_once_with_its_parts_sorted():
    known = vocabulary(["Kommunikation", "Krise", "Krisen", "Das Team"])
    text = "Krisenteam und Krisenkommunikation, noch einmal Krisenkommunikation und Kommunikation."
    # What search.js reads to mark the part of the word that a search found.
    expected = "krisenkommunikation:krisen,kommunikation krisenteam:krisen,team"
    assert search_terms(text, known) == expected
    assert search_terms(["krisenteam", "krisenkommunikation"], known) == expected
    assert search_terms("Ein kurzer Satz.", known) == ""
