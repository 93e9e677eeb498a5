"""The linkage model: Splink settings, unsupervised training and scoring.

Comparisons (u by random sampling; m by EM, except the name levels' m, which no EM
session can estimate and which keep Splink's defaults — docs/people.md):

- name: exact full name (term-frequency adjusted by ``name_commonness``, so a
  rare name is strong evidence and a common one weak), same family name and
  first given name (middle names differ), known nickname, initial-compatible
  given name, similar given name (Jaro-Winkler ≥ 0.88, neither the start of the other:
  "Wei" and "Weinan" are two names), given/family swapped;
- org: same resolved org, same parent org, different in different years (people move: the
  same person's two mentions at two orgs are 2.2 times as likely a year or more apart as in
  one year, measured on half the OpenReview ids — docs/people.md), different in one year;
- email domain (registrable part); a different one is no evidence when the orgs already
  differ (the org comparison counts that once);
- coauthors: 2+ / 1 shared coauthor full names;
- topic: 3+ / 1 shared title and keyword words;
- year gap: ≤ 1, ≤ 3, ≤ 6 years.

Blocking (which pairs are scored): any two mentions that share a coauthor and
a name key (family name and initial, first initial and last word, the sorted
words, nickname group and family name, umlaut-folded initial and family name),
exploded from the ``link_keys`` array; a chain through each full name in year
order (so that every name's mentions are compared at least once along a path,
without the n² pairs of a prolific name), and a second chain through each name's first given
name and family name, umlaut spellings folded, in either order (so that "Andrew Y. Ng" meets
"Andrew Ng", "Schoelkopf" meets "Schölkopf" and a person's early papers meet their later
ones); the same full name with the same
e-mail domain or org.
Source person ids are never an input.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

log = logging.getLogger(__name__)

THRESHOLD = 0.9
"""Pairs at or above this match probability may merge (clustering adds constraints)."""
SEED = 42


def settings(trained: dict[str, Any] | None = None) -> Any:
    """The Splink settings (a SettingsCreator, dialect-neutral); requires the ``linkage`` extra.

    With ``trained`` (a model saved by Splink), its m and u probabilities and prior are
    set on the same comparisons, so a model trained on one engine scores on another."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    def same_family(level: Any) -> Any:
        return cll.And(cll.ExactMatchLevel("family_key"), level)

    name = cl.CustomComparison(
        output_column_name="name",
        comparison_levels=[
            cll.Or(cll.NullLevel("family_key"), cll.NullLevel("given_key")),
            cll.ExactMatchLevel("full_key").configure(tf_adjustment_column="full_key"),
            same_family(cll.ExactMatchLevel("given_first")),
            cll.And(cll.ExactMatchLevel("first_key"), cll.ExactMatchLevel("last_key")).configure(
                label_for_charts="same first and last word (compound or hyphenated names)"
            ),
            cll.ExactMatchLevel("translit_key").configure(
                label_for_charts="same after umlaut folding"
            ),
            same_family(cll.ExactMatchLevel("given_group")),
            same_family(
                cll.CustomLevel(
                    "given_initial_l = given_initial_r AND (given_initials_l OR given_initials_r)",
                    "given initial compatible (one given name written as initials)",
                )
            ),
            same_family(cll.And(cll.JaroWinklerLevel("given_key", 0.88), cll.Not(_prefix()))),
            cll.ExactMatchLevel("sorted_key").configure(label_for_charts="same words, other order"),
            cll.ElseLevel(),
        ],
    )
    org = cl.CustomComparison(
        output_column_name="org",
        comparison_levels=[
            cll.NullLevel("org_ids"),
            cll.ArrayIntersectLevel("org_ids", 1),
            cll.ArrayIntersectLevel("org_roots", 1),
            cll.CustomLevel("abs(year_l - year_r) >= 1", "different orgs, in different years"),
            cll.ElseLevel(),
        ],
    )
    # An e-mail domain follows the org: when the orgs already differ (counted by the org
    # comparison), a different domain says nothing more, and is not counted twice.
    email = cl.CustomComparison(
        output_column_name="email_domain",
        comparison_levels=[
            cll.NullLevel("email_domain"),
            cll.ExactMatchLevel("email_domain"),
            cll.And(
                cll.Not(cll.NullLevel("org_roots")),
                cll.Not(cll.ArrayIntersectLevel("org_roots", 1)),
            ).configure(is_null_level=True, label_for_charts="different orgs (counted there)"),
            cll.ElseLevel(),
        ],
    )
    year = cl.CustomComparison(
        output_column_name="year",
        comparison_levels=[
            cll.NullLevel("year"),
            cll.CustomLevel("abs(year_l - year_r) <= 1", "within a year"),
            cll.CustomLevel("abs(year_l - year_r) <= 3", "within 3 years"),
            cll.CustomLevel("abs(year_l - year_r) <= 6", "within 6 years"),
            cll.ElseLevel(),
        ],
    )
    comparisons: list[Any] = [
        name,
        org,
        email,
        _shared("coauthors", (2, 1)),
        _shared("topic", (3, 1)),
        year,
    ]
    prior: dict[str, Any] = {}
    if trained is not None:
        comparisons = [_with_parameters(c, trained) for c in comparisons]
        prior = {
            "probability_two_random_records_match": trained["probability_two_random_records_match"]
        }
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons,
        **prior,
        blocking_rules_to_generate_predictions=[
            block_on("link_keys", arrays_to_explode=["link_keys"]),
            block_on("chain_a"),
            block_on("chain_b"),
            block_on("chain_c"),
            block_on("chain_d"),
            block_on("full_key", "email_domain"),
            block_on("full_key", "org1"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


def _prefix() -> Any:
    """One given name is the start of the other, two or more letters longer ("Wei" / "Weinan",
    "Jian" / "Jianjian"): two names, not a spelling slip, unless a known nickname says so (the
    nickname level). One letter more ("Stephan" / "Stephane") is still a similar name."""
    import splink.comparison_level_library as cll

    return cll.CustomLevel(
        "(length(given_key_l) >= length(given_key_r) + 2"
        " AND left(given_key_l, length(given_key_r)) = given_key_r)"
        " OR (length(given_key_r) >= length(given_key_l) + 2"
        " AND left(given_key_r, length(given_key_l)) = given_key_l)",
        "one given name starts the other",
    )


def _shared(column: str, sizes: tuple[int, int]) -> Any:
    """Levels of how many elements two lists share (as ``ArrayIntersectAtSizes``), the
    intersection computed only where the lists' signatures (``{column}_sig``: one bit per
    element) share a bit: most compared pairs share nothing, and the bit test says so at a
    fraction of the cost."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    levels = [_prechecked(cll.ArrayIntersectLevel(column, k), f"{column}_sig") for k in sizes]
    return cl.CustomComparison(
        output_column_name=column,
        comparison_levels=[cll.NullLevel(column), *levels, cll.ElseLevel()],
    )


@functools.cache
def _prechecked_class() -> type:
    from splink.internals.comparison_level_creator import ComparisonLevelCreator

    class Prechecked(ComparisonLevelCreator):
        """A level whose condition is only evaluated where two signatures share a bit (it
        cannot hold elsewhere)."""

        def __init__(self, inner: Any, signature: str) -> None:
            self.inner, self.signature = inner, signature

        def create_sql(self, sql_dialect: Any) -> str:
            sig = self.signature
            return (
                f"CASE WHEN ({sig}_l & {sig}_r) = 0 THEN false "
                f"ELSE {self.inner.create_sql(sql_dialect)} END"
            )

        def create_label_for_charts(self) -> str:
            return str(self.inner.create_label_for_charts())

    return Prechecked


def _prechecked(inner: Any, signature: str) -> Any:
    """A ``Prechecked`` level (the class is made on first use: Splink is an optional extra)."""
    return _prechecked_class()(inner, signature)


def _with_parameters(comparison: Any, trained: dict[str, Any]) -> Any:
    """The comparison with the m and u of its non-null levels taken from a saved model.

    A level the model holds no estimate for keeps Splink's default, stated here so that it is
    explicit (and not warned about on every run): no EM session can estimate the name levels'
    m, since every session's blocking rule uses a name column (docs/people.md)."""
    from splink.internals.comparison_level import _default_m_values, _default_u_values

    name = comparison.get_comparison("duckdb").output_column_name
    saved = next(c for c in trained["comparisons"] if c["output_column_name"] == name)
    levels = [lv for lv in saved["comparison_levels"] if not lv.get("is_null_level")]
    # Splink numbers levels from the top: the first non-null level is the last default.
    default_m = _default_m_values(len(levels))[::-1]
    default_u = _default_u_values(len(levels))[::-1]
    return comparison.configure(
        m_probabilities=[
            _or(lv.get("m_probability"), d) for lv, d in zip(levels, default_m, strict=True)
        ],
        u_probabilities=[
            _or(lv.get("u_probability"), d) for lv, d in zip(levels, default_u, strict=True)
        ],
    )


def _or(value: float | None, default: float) -> float:
    return default if value is None else value


def train(linker: Any) -> None:
    """Unsupervised: the prior from a deterministic rule, u by random sampling, m by EM."""
    from splink import block_on

    training = linker.training
    training.estimate_probability_two_random_records_match(
        [block_on("full_key", "email_domain")], recall=0.6
    )
    training.estimate_u_using_random_sampling(max_pairs=1e6, seed=SEED)
    # Same full name (a sample): learns org, e-mail, coauthor, topic and year.
    training.estimate_parameters_using_expectation_maximisation(
        "l.full_key = r.full_key AND hash(l.unique_id) % 8 = 0", fix_u_probabilities=True
    )
    # Same family name and e-mail domain: learns the name levels.
    training.estimate_parameters_using_expectation_maximisation(
        block_on("family_key", "email_domain"), fix_u_probabilities=True
    )
