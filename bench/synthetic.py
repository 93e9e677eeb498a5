"""A generator of synthetic mentions for scale tests (deterministic for a seed).

Persons get names drawn from Zipf-distributed given and family name pools (so
that some names are very common), an org that changes now and then, a research
group of coauthors, and papers over a span of years. Writes the tables the
linkage reads (``papers``, ``mentions``, ``mention_orgs``, ``orgs``) into a
DuckDB store, in batches, without holding all rows in Python at once.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from talentradar.store.duckdb import DuckDBStore

_SYLLABLES = [
    "an",
    "bo",
    "chen",
    "da",
    "el",
    "fu",
    "ga",
    "hu",
    "is",
    "jo",
    "ka",
    "li",
    "ma",
    "no",
    "ol",
    "pe",
    "qi",
    "ra",
    "si",
    "ta",
    "ul",
    "vi",
    "wa",
    "xi",
    "ya",
    "zu",
    "er",
    "in",
    "or",
    "us",
]


def _names(rng: np.random.Generator, n: int) -> list[str]:
    out = set()
    while len(out) < n:
        k = int(rng.integers(2, 5))
        out.add("".join(rng.choice(_SYLLABLES, k)).capitalize())
    return sorted(out)


def _skewed(n: int, shift: float = 30.0) -> np.ndarray:
    """Name frequencies ∝ 1/(rank + shift): a few common names, a long tail of rare ones."""
    weights = 1.0 / (np.arange(n) + shift)
    return weights / weights.sum()


def generate(store: DuckDBStore, mentions: int, seed: int = 7, batch_papers: int = 200_000) -> int:
    """Write about ``mentions`` synthetic mentions; returns the number written."""
    rng = np.random.default_rng(seed)
    persons = max(mentions // 6, 10)
    given, family = _names(rng, 20000), _names(rng, 60000)
    g_idx = rng.choice(len(given), persons, p=_skewed(len(given)))
    f_idx = rng.choice(len(family), persons, p=_skewed(len(family)))
    orgs = max(persons // 40, 5)
    person_org = rng.integers(0, orgs, persons)
    group = rng.integers(0, max(persons // 8, 1), persons)
    store.replace_table(
        "orgs",
        pa.table(
            {
                "org_id": [f"org{i}" for i in range(orgs)],
                "name": [f"Org {i}" for i in range(orgs)],
                "root_id": [f"org{i}" for i in range(orgs)],
            }
        ),
    )
    order = np.argsort(group, kind="stable")
    written, paper_no, first = 0, 0, True
    while written < mentions:
        n_papers = min(batch_papers, (mentions - written) // 4 + 1)
        sizes = rng.integers(1, 8, n_papers)
        starts = rng.integers(0, persons, n_papers)
        years = rng.integers(2005, 2026, n_papers)
        rows_p, rows_m, rows_o = [], [], []
        for i in range(n_papers):
            pid = f"s{paper_no}"
            paper_no += 1
            authors = order[(starts[i] + np.arange(sizes[i]) * int(rng.integers(1, 3))) % persons]
            rows_p.append((pid, int(years[i]), f"paper {pid}", int(sizes[i])))
            for pos, person in enumerate(dict.fromkeys(authors.tolist()), start=1):
                moved = person_org[person] + (years[i] > 2016 and person % 5 == 0)
                mid = f"{pid}-{pos}"
                rows_m.append(
                    (
                        mid,
                        pid,
                        int(years[i]),
                        given[g_idx[person]],
                        family[f_idx[person]],
                        f"p{person}",
                    )
                )
                rows_o.append((mid, f"org{int(moved) % orgs}"))
        written += len(rows_m)
        _write(store, rows_p, rows_m, rows_o, first)
        first = False
    return written


def _write(
    store: DuckDBStore, papers: list[tuple], mentions: list[tuple], links: list[tuple], first: bool
) -> None:
    p = pa.table(
        {
            "paper_id": [r[0] for r in papers],
            "year": [r[1] for r in papers],
            "title_norm": [r[2] for r in papers],
            "keywords": pa.array([[] for _ in papers], pa.list_(pa.string())),
            "n_authors": [r[3] for r in papers],
        }
    )
    given = [r[3] for r in mentions]
    family = [r[4] for r in mentions]
    m = pa.table(
        {
            "mention_id": [r[0] for r in mentions],
            "paper_id": [r[1] for r in mentions],
            "year": [r[2] for r in mentions],
            "venue": ["synthetic"] * len(mentions),
            "name": [f"{g} {f}" for g, f in zip(given, family, strict=True)],
            "family_key": [f.lower() for f in family],
            "given_key": [g.lower() for g in given],
            "given_first": [g.lower() for g in given],
            "first_key": [g.lower() for g in given],
            "last_key": [f.lower() for f in family],
            "sorted_key": [
                " ".join(sorted((g.lower(), f.lower()))) for g, f in zip(given, family, strict=True)
            ],
            "email_domain": pa.array([None] * len(mentions), pa.string()),
            "source_person_id": [r[5] for r in mentions],
        }
    )
    o = pa.table(
        {
            "mention_id": [r[0] for r in links],
            "org_id": [r[1] for r in links],
            "weight": [1.0] * len(links),
            "method": ["synthetic"] * len(links),
            "matched": pa.array([None] * len(links), pa.string()),
            "site_country": ["US"] * len(links),
            "hq_country": ["US"] * len(links),
            "inferred": [False] * len(links),
        }
    )
    for name, table in (("papers", p), ("mentions", m), ("mention_orgs", o)):
        if first:
            store.replace_table(name, table)
        else:
            store.append(name, table)
