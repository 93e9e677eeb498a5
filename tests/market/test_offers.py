"""Offer maths against hand-worked examples, and refusals of bad offers."""

from __future__ import annotations

import json

import pytest

from talentradar.errors import UnknownValueError
from talentradar.market.offers import (
    Offer,
    OfferError,
    compare,
    read_offers,
    vested_by_month,
    yearly,
)

RATES = {"USD": 1.0, "CNY": 0.14}


def test_back_loaded_5_15_40_40_grant() -> None:
    # base 200k, bonus 10 % (20k), sign-on 50k in year 1, 400k grant vesting 5/15/40/40
    offer = Offer(
        "amazon-like",
        base=200_000,
        bonus_target=0.10,
        sign_on=50_000,
        equity=400_000,
        vesting="back-loaded",
    )
    totals = [round(y["total"]) for y in yearly(offer, RATES)]
    # year 1: 200k + 20k + 50k + 5% × 400k (20k) = 290k; year 2: 220k + 60k; years 3-4: 220k + 160k
    assert totals == [290_000, 280_000, 380_000, 380_000]
    assert sum(totals) == 1_330_000


def test_one_year_cliff() -> None:
    offer = Offer("cliff", base=150_000, equity=240_000, vesting="cliff")
    assert vested_by_month(offer, 11) == 0.0
    assert vested_by_month(offer, 12) == pytest.approx(0.25)
    assert vested_by_month(offer, 18) == pytest.approx(0.375)
    assert vested_by_month(offer, 48) == pytest.approx(1.0)
    assert [round(y["equity"]) for y in yearly(offer, RATES)] == [60_000] * 4


def test_cny_offer_converted_at_a_given_rate() -> None:
    # 700,000 CNY base, 20 % bonus target; at 0.14 USD per CNY → 98,000 + 19,600 a year
    offer = Offer("beijing", base=700_000, bonus_target=0.20, currency="CNY")
    years = yearly(offer, RATES, "USD")
    assert years[0]["base"] == pytest.approx(98_000)
    assert years[0]["total"] == pytest.approx(117_600)
    back = yearly(offer, RATES, "CNY")
    assert back[0]["total"] == pytest.approx(840_000)


def test_custom_schedule_must_sum_to_100() -> None:
    with pytest.raises(
        OfferError, match=r"vesting \[10.0, 20.0, 30.0\] must be non-negative and sum to 100"
    ):
        yearly(Offer("bad", base=1, equity=100, vesting=(10, 20, 30)), RATES)


def test_negative_pay_and_unknown_currency_are_refused() -> None:
    with pytest.raises(OfferError, match="base must not be negative"):
        yearly(Offer("neg", base=-5), RATES)
    with pytest.raises(UnknownValueError, match="unknown currency 'XYZ'"):
        yearly(Offer("x", base=5, currency="XYZ"), RATES)


def test_compare_ranks_by_four_year_total_and_places_against_market() -> None:
    market = {"a": [90_000, 110_000, 130_000, 150_000], "b": [90_000, 130_000]}
    result = compare(
        [Offer("a", base=100_000), Offer("b", base=120_000)], RATES, market=market, min_rows=3
    )
    assert result["highest_four_year_total"] == "b"
    assert result["offers"][0]["market_percentile"] == pytest.approx(25.0)
    # two market rows are too few to place an offer
    assert result["offers"][1]["market_percentile"] is None
    assert result["offers"][1]["market_rows"] == 2


def test_offer_file_errors_name_the_offer(tmp_path) -> None:
    path = tmp_path / "offers.json"
    path.write_text(json.dumps([{"name": "x", "base": 1, "salary": 3}]))
    with pytest.raises(
        OfferError, match=r"offer 1: needs name and base; unknown fields \['salary'\]"
    ):
        read_offers(path)
