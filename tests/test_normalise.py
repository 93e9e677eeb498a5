from hypothesis import given
from hypothesis import strategies as st

from talentradar.normalise import (
    email_domain,
    first_name_key,
    fold,
    name_key,
    normalise_name,
    normalise_title,
    parse_name,
    split_authors,
)


@given(st.text())
def test_normalisation_is_idempotent(text: str) -> None:
    for func in (fold, normalise_title, normalise_name):
        once = func(text)
        assert func(once) == once


def test_titles_join_across_punctuation_case_and_latex() -> None:
    assert normalise_title("Posters are fine.") == normalise_title("Posters Are Fine")
    assert (
        normalise_title("$1\\times1$ Convolution is All You Need") == "convolution is all you need"
    )
    assert normalise_title("Über-Learning: A Study") == "uber learning a study"


def test_parse_name_handles_particles_suffixes_and_comma_form() -> None:
    assert parse_name("Jan de Vries") == ("Jan", "de Vries")
    assert parse_name("Ludwig van der Berg") == ("Ludwig", "van der Berg")
    assert parse_name("Smith, John") == ("John", "Smith")
    assert parse_name("Martin Luther King Jr.") == ("Martin Luther", "King")
    assert parse_name("Prabhat") == ("", "Prabhat")


def test_split_authors_semicolon_or_comma() -> None:
    assert split_authors("A B; C D") == ["A B", "C D"]
    assert split_authors("A B, C D, Jr., E F") == ["A B", "C D Jr.", "E F"]
    assert split_authors("") == []
    # an entity's ";" is no separator (CVPR 2024 "Noel O&#x27;Connor"), escaped twice or once
    assert split_authors("Mayug Maniparambil, Noel O&#x27;Connor") == [
        "Mayug Maniparambil",
        "Noel O'Connor",
    ]
    assert split_authors("Ann D&amp;#x27;Souza, Bo Li") == ["Ann D'Souza", "Bo Li"]
    # footnote marks are not part of a name
    assert split_authors("Bo Dai*, Ze Liu(†), Ann Lee ‡") == ["Bo Dai", "Ze Liu", "Ann Lee"]


def test_split_authors_never_makes_names_of_separators_or_orgs() -> None:
    assert split_authors("J. Zico Kolter and Andrew Ng") == ["J. Zico Kolter", "Andrew Ng"]
    assert split_authors("Levent Sagun; Leon Bottou; and Yann LeCun") == [
        "Levent Sagun",
        "Leon Bottou",
        "Yann LeCun",
    ]
    assert split_authors("Chu-Cheng Lin & Arya D. McCarthy") == [
        "Chu-Cheng Lin",
        "Arya D. McCarthy",
    ]
    assert split_authors("A Parambath; Evangelos and Zervas") == ["A Parambath", "Evangelos Zervas"]
    assert split_authors("Yan Duan; OpenAI Pieter Abbeel; Wojciech Zaremba") == [
        "Yan Duan",
        "Pieter Abbeel",
        "Wojciech Zaremba",
    ]
    assert split_authors("Ying Zhou, Peking University, University Washington, Simon Du") == [
        "Ying Zhou",
        "Simon Du",
    ]
    assert split_authors("Huawei Shen; Prof. YoungMin Kwon") == ["Huawei Shen", "YoungMin Kwon"]
    assert split_authors("Andrea Anderson; Sandra Band") == ["Andrea Anderson", "Sandra Band"]


def test_email_domain() -> None:
    assert email_domain("jane@cs.CMU.edu") == "cs.cmu.edu"
    assert email_domain("www.mit.edu") == "mit.edu"
    assert email_domain("") is None
    assert email_domain("not a domain") is None


def test_name_keys_ignore_hyphens_spaces_dots_and_accents() -> None:
    assert name_key("Roy-Chowdhury") == "roychowdhury"
    assert name_key("Yee Whye") == name_key("Yee-Whye") == "yeewhye"
    assert name_key("Schölkopf") == "scholkopf"
    assert first_name_key("Michael I.") == "michael"
    assert first_name_key("Jean-Philippe") == "jean"
    assert first_name_key("") == ""
