from core.text import fold, terms


def test_fold_removes_accents_case_and_punctuation():
    assert fold("L'Éveil des Tout-Petits") == "l eveil des tout petits"
    assert fold("  Cœur   d’enfant ") == "coeur d enfant"
    assert fold("ÇA") == "ca"


def test_terms_are_unique_folded_words():
    assert terms("Éveil eveil, ÉVEIL  lecture") == ["eveil", "lecture"]
    assert terms("") == []
