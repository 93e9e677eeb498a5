"""Comparisons of the linkage (names; org and e-mail domain) on small hand-written mentions
(features SQL + shipped model)."""

from __future__ import annotations

import duckdb
import pyarrow as pa
import pytest

from talentradar.normalise import first_name_key, name_key, name_tokens
from talentradar.resolve.people import features
from talentradar.resolve.people.engine import score, shipped_model
from talentradar.resolve.people.link import SPLINK_INPUT_SQL
from talentradar.resolve.people.model import THRESHOLD

pytest.importorskip("splink")

# Every mention is at one org, with one e-mail domain, and shares one coauthor with the others
# (so that each pair is blocked and carries the same non-name evidence): only names differ.
SHARED = "Ada Lovelace"


def _mentions(
    names: list[tuple[str, str]],
    orgs: list[str] | None = None,
    emails: list[str | None] | None = None,
    years: list[int] | None = None,
) -> duckdb.DuckDBPyConnection:
    """The named mentions (each with the shared coauthor), at ``orgs[i]`` with e-mail domain
    ``emails[i]`` in ``years[i]`` (default: one lab, one domain, 2022)."""
    con = duckdb.connect(":memory:")
    orgs = orgs or ["lab"] * len(names)
    emails = emails or ["example.edu"] * len(names)
    years = years or [2022] * len(names)
    mentions, papers = [], []
    for i, (given, family) in enumerate(names):
        paper = f"p{i}"
        papers.append(
            {"paper_id": paper, "n_authors": 2, "title_norm": f"work {i}", "keywords": []}
        )
        for position, (g, f) in enumerate(((given, family), tuple(SHARED.split()))):
            words = name_tokens(f"{g} {f}")
            mentions.append(
                {
                    "mention_id": f"{paper}-{position}",
                    "paper_id": paper,
                    "year": years[i],
                    "given_name": g,
                    "family_name": f,
                    "family_key": name_key(f),
                    "given_key": name_key(g),
                    "given_first": first_name_key(g),
                    "first_key": words[0],
                    "last_key": words[-1],
                    "sorted_key": " ".join(sorted(words)),
                    "email_domain": emails[i] if position == 0 else None,
                }
            )
    tables = {
        "mentions": _with_string_domains(pa.Table.from_pylist(mentions)),
        "papers": pa.Table.from_pylist(papers, schema=_papers_schema()),
        "mention_orgs": pa.table(
            {"mention_id": [f"p{i}-0" for i in range(len(names))], "org_id": orgs}
        ),
        "orgs": pa.table({"org_id": sorted(set(orgs)), "root_id": sorted(set(orgs))}),
        "nickname_groups": pa.table({"given": ["chris"], "grp": ["chris"]}),
    }
    for name, table in tables.items():
        con.register(f"{name}_in", table)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM {name}_in")
    con.execute(features.features_sql())
    con.execute(features.commonness_sql())
    return con


def _with_string_domains(mentions: pa.Table) -> pa.Table:
    """The e-mail domains typed as strings even when none is given."""
    i = mentions.schema.get_field_index("email_domain")
    return mentions.set_column(i, "email_domain", mentions[i].cast(pa.string()))


def _papers_schema() -> pa.Schema:
    return pa.schema(
        [
            ("paper_id", pa.string()),
            ("n_authors", pa.int32()),
            ("title_norm", pa.string()),
            ("keywords", pa.list_(pa.string())),
        ]
    )


def _probabilities(names: list[tuple[str, str]], **where: list) -> dict[tuple[str, str], float]:
    """Match probability of each pair of the named mentions (0 for a pair not scored);
    ``where``: their ``orgs``, ``emails`` and ``years`` (as ``_mentions``)."""
    con = _mentions(names, **where)
    feats = con.execute(SPLINK_INPUT_SQL).to_arrow_table()
    commonness = con.execute("SELECT full_key, tf_full_key FROM name_commonness").to_arrow_table()
    pairs, _ = score(feats, commonness, "duckdb", shipped_model())
    who = {f"p{i}-0": f"{g} {f}" for i, (g, f) in enumerate(names)}
    found = {
        tuple(sorted((who[a], who[b]))): p
        for a, b, p in zip(
            pairs.column("unique_id_l").to_pylist(),
            pairs.column("unique_id_r").to_pylist(),
            pairs.column("match_probability").to_pylist(),
            strict=True,
        )
        if a in who and b in who
    }
    full = [f"{g} {f}" for g, f in names]
    return {
        tuple(sorted((x, y))): found.get(tuple(sorted((x, y))), 0.0)
        for i, x in enumerate(full)
        for y in full[i + 1 :]
    }


def _shipped_settings() -> dict:
    """The linkage settings with the shipped model, as a saved model's JSON."""
    from talentradar.resolve.people.model import settings

    return settings(shipped_model()).get_settings("duckdb").as_dict()


@pytest.mark.parametrize(
    ("given", "family", "initials"),
    [
        ("C.", "Liu", True),
        ("C. J.", "Taylor", True),
        ("J.-P.", "Vert", True),
        ("CJ", "Taylor", True),
        ("", "Liu", True),
        ("Ce", "Liu", False),
        ("Bo", "Li", False),
        ("BO", "LI", False),
        ("Chang", "Liu", False),
    ],
)
def test_a_given_name_is_initials_only_when_written_so(given, family, initials) -> None:
    from talentradar.normalise import given_initials

    assert given_initials(given, family) is initials
    con = _mentions([(given, family)])
    flag = con.execute("SELECT given_initials FROM link_mentions WHERE unique_id = 'p0-0'")
    assert flag.fetchone()[0] is initials  # the SQL feature says the same


def test_a_two_letter_given_name_is_a_name_not_an_initial() -> None:
    """ "Ce Liu" and "Chang Liu" are two names (they once merged as initial-compatible); "C. Liu"
    may be either."""
    p = _probabilities([("Ce", "Liu"), ("Chang", "Liu"), ("C.", "Liu")])
    assert p[("Ce Liu", "Chang Liu")] < THRESHOLD
    assert p[("C. Liu", "Chang Liu")] >= THRESHOLD
    assert p[("C. Liu", "Ce Liu")] >= THRESHOLD


def test_a_given_name_that_starts_another_is_another_name() -> None:
    """ "Wei" and "Weinan" score high on Jaro-Winkler (a shared start), but one is not a
    misspelling of the other; a slip of a letter or two still is a similar name."""
    p = _probabilities([("Wei", "Zhang"), ("Weinan", "Zhang")])
    assert p[("Wei Zhang", "Weinan Zhang")] < THRESHOLD
    slip = _probabilities([("Jonathan", "Ruiz"), ("Jonathon", "Ruiz")])
    assert slip[("Jonathan Ruiz", "Jonathon Ruiz")] >= THRESHOLD
    one_more = _probabilities([("Stephan", "Ruiz"), ("Stephane", "Ruiz")])
    assert one_more[("Stephan Ruiz", "Stephane Ruiz")] >= THRESHOLD


def test_a_different_email_domain_is_not_counted_again_when_the_orgs_differ() -> None:
    """A person who moves changes org and e-mail domain at once: the two say one thing, so
    the second difference adds nothing (it once halved the odds of every mover's two ends).
    At one org, a different domain still counts against."""
    name = [("Jannik", "Peters")] * 2
    pair = ("Jannik Peters", "Jannik Peters")
    moved = _probabilities(name, orgs=["tu", "nus"], emails=["tu-berlin.de", "nus.edu.sg"])
    no_domains = _probabilities(name, orgs=["tu", "nus"], emails=[None, None])
    assert moved[pair] == pytest.approx(no_domains[pair])
    same_org = _probabilities(name, orgs=["tu", "tu"], emails=["tu-berlin.de", "bifold.berlin"])
    same_org_no_domains = _probabilities(name, orgs=["tu", "tu"], emails=[None, None])
    assert same_org[pair] < same_org_no_domains[pair]


def test_two_orgs_in_two_years_are_less_against_than_two_orgs_in_one_year() -> None:
    """People move: the same name at two orgs a year apart is likelier one person than at two
    orgs in the same year (and less likely than at one org)."""
    name = [("Daniel", "Moyer")] * 2
    pair = ("Daniel Moyer", "Daniel Moyer")
    where = {"orgs": ["mit", "vanderbilt"], "emails": [None, None]}
    moved = _probabilities(name, years=[2021, 2022], **where)
    same_year = _probabilities(name, years=[2022, 2022], **where)
    stayed = _probabilities(name, years=[2021, 2022], orgs=["mit", "mit"], emails=[None, None])
    assert same_year[pair] < moved[pair] < stayed[pair]


def test_a_mail_provider_domain_is_no_evidence() -> None:
    """Two strangers both writing from gmail.com share nothing (it once bridged the two
    "Bo Dai"s of Google Brain and Shanghai AI Lab); one institution's domain is evidence."""
    name = [("Bo", "Dai")] * 2
    pair = ("Bo Dai", "Bo Dai")
    mail = _probabilities(name, emails=["gmail.com", "gmail.com"])
    none = _probabilities(name, emails=[None, None])
    own = _probabilities(name, emails=["gatech.edu", "gatech.edu"])
    assert mail[pair] == pytest.approx(none[pair])
    assert own[pair] > none[pair]


def test_an_explained_null_level_says_which_it_may_be() -> None:
    """The e-mail comparison has two levels that are no evidence; the explanation names both."""
    from talentradar.resolve.people.explain import _level_label

    email = next(
        c for c in _shipped_settings()["comparisons"] if c["output_column_name"] == "email_domain"
    )
    label = _level_label(email["comparison_levels"], -1)
    assert label == "missing on one side or different orgs (counted there)"
    assert _level_label(email["comparison_levels"], 1) == "Exact match on email_domain"
