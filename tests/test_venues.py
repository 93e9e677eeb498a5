import pytest

from talentradar.errors import UnknownValueError
from talentradar.venues import classify_status, get_venue


@pytest.mark.parametrize(
    ("venue", "year", "status", "expected"),
    [
        ("neurips", 2019, "Oral", ("accepted", "oral")),
        ("neurips", 2022, "Highlighted", ("accepted", "oral")),
        ("iclr", 2023, "Top-5%", ("accepted", "oral")),
        ("iclr", 2023, "Top-25%", ("accepted", "spotlight")),
        ("iclr", 2020, "Talk", ("accepted", "oral")),
        ("iclr", 2021, "Desk Reject", ("rejected", "unknown")),
        ("iclr", 2021, "Withdraw", ("withdrawn", "unknown")),
        ("iclr", 2013, "Poster Workshop", ("workshop", "unknown")),
        ("icml", 2018, "Oral", ("accepted", "unknown")),  # every ICML 2018 paper had a talk
        ("3dv", 2025, "3DV 2025 Oral", ("accepted", "oral")),
        ("kdd", 2023, "", ("accepted", "unknown")),
        ("cvpr", 2023, "Highlight", ("accepted", "spotlight")),
        ("emnlp", 2023, "Long Findings", ("accepted", "unknown")),
    ],
)
def test_classify_status(venue: str, year: int, status: str, expected: tuple[str, str]) -> None:
    assert classify_status(venue, year, status) == expected


def test_venue_lookup_accepts_folder_and_display_names() -> None:
    assert get_venue("nips").venue_id == "neurips"
    assert get_venue("NeurIPS").venue_id == "neurips"


def test_unknown_venue_names_valid_ones() -> None:
    with pytest.raises(
        UnknownValueError, match=r"unknown venue 'neurip'.*did you mean 'neurips'.*valid:"
    ):
        get_venue("neurip")
