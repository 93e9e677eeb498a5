"""A generator of OpenAlex-shaped synthetic works for scale tests (deterministic for a seed).

The persons are those of :mod:`bench.synthetic` (Zipf-distributed given and family names, a
research group of coauthors, an org that changes for one person in five after 2016); each
authorship names a real org of the curated list (its display name, a raw affiliation string
and, for two orgs in three, a ROR-style id) so that org resolution does real work. The true
person is the OpenAlex author id (``A<person>``): the evaluation reads it, linkage does not.
Writes ``<root>/openalex/data/works/updated_date=2024-01-01/part_NNN.gz`` (JSON Lines, gzip)
and links the shared registry beside it. Usage: ``python -m bench.openalex_synthetic ROOT N``.
"""

from __future__ import annotations

import csv
import gzip
import json
import sys
from importlib.resources import files
from pathlib import Path

import numpy as np
import orjson

from bench.synthetic import _names, _skewed
from talentradar.sources.openalex import DEFAULT_SOURCES

WORKS_PER_PART = 50_000
YEARS = (2015, 2025)
EMPTY_SOURCES = (
    "paperlists",
    "neurips_affiliations/2019_2020",
    "neurips_affiliations/2022",
    "neurips_affiliations/2024",
    "openreview_authors",
    "paperlists_history",
    "compensation",
    "layoffs",
    "jobs",
    "dblp",
)


def _orgs() -> list[tuple[str, str]]:
    text = files("talentradar.data").joinpath("orgs/curated_orgs.csv").read_text("utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return [(r["name"], r["country"]) for r in rows if r["country"] and r["sector"]]


def generate(root: Path, authorships: int, registry: Path, seed: int = 7) -> dict[str, int]:
    """Write about ``authorships`` authorships; returns counts of works, authorships, persons."""
    rng = np.random.default_rng(seed)
    persons = max(authorships // 6, 10)
    given, family = _names(rng, 20000), _names(rng, 60000)
    g_idx = rng.choice(len(given), persons, p=_skewed(len(given)))
    f_idx = rng.choice(len(family), persons, p=_skewed(len(family)))
    orgs = _orgs()
    person_org = rng.integers(0, len(orgs), persons)
    group = rng.integers(0, max(persons // 8, 1), persons)
    order = np.argsort(group, kind="stable")
    vocab = _names(rng, 3000)
    venues = sorted(DEFAULT_SOURCES)
    folder = root / "openalex" / "data" / "works" / "updated_date=2024-01-01"
    folder.mkdir(parents=True, exist_ok=True)
    _side_folders(root, registry)
    written = works = part = 0
    while written < authorships:
        n = min(WORKS_PER_PART, (authorships - written) // 4 + 1)
        with gzip.open(folder / f"part_{part:03d}.gz", "wb", compresslevel=1) as out:
            for line, count in _part(
                rng,
                n,
                works,
                order,
                persons,
                names=(given, family),
                idx=(g_idx, f_idx),
                person_org=person_org,
                orgs=orgs,
                vocab=vocab,
                venues=venues,
            ):
                out.write(line)
                written += count
        works += n
        part += 1
    return {"works": works, "authorships": written, "persons": persons, "files": part}


def _part(rng, n, first, order, persons, *, names, idx, person_org, orgs, vocab, venues):
    sizes = rng.integers(1, 8, n)
    starts = rng.integers(0, persons, n)
    steps = rng.integers(1, 3, n)
    years = rng.integers(YEARS[0], YEARS[1] + 1, n)
    venue_of = rng.integers(0, len(venues), n)
    words = rng.choice(len(vocab), (n, 30), p=_skewed(len(vocab), 5.0))
    for i in range(n):
        authors = order[(starts[i] + np.arange(sizes[i]) * int(steps[i])) % persons]
        ships = []
        for pos, person in enumerate(dict.fromkeys(authors.tolist())):
            org = int(person_org[person] + (years[i] > 2016 and person % 5 == 0)) % len(orgs)
            ships.append(_authorship(pos, len(authors), person, org, names, idx, orgs))
        work = {
            "id": f"https://openalex.org/W{first + i}",
            "title": f"{vocab[words[i, 0]]} {vocab[words[i, 1]]} {vocab[words[i, 2]]} {first + i}",
            "publication_year": int(years[i]),
            "type": "article",
            "cited_by_count": int(words[i, 3] % 50),
            "primary_location": {
                "source": {
                    "id": f"https://openalex.org/S{venue_of[i]}",
                    "display_name": venues[venue_of[i]],
                }
            },
            "abstract_inverted_index": _index([vocab[w] for w in words[i]]),
            "authorships": ships,
        }
        yield orjson.dumps(work) + b"\n", len(ships)


def _authorship(pos, n, person, org, names, idx, orgs):
    name = f"{names[0][idx[0][person]]} {names[1][idx[1][person]]}"
    org_name, country = orgs[org]
    return {
        "author_position": "first" if pos == 0 else ("last" if pos == n - 1 else "middle"),
        "author": {"id": f"https://openalex.org/A{person}", "display_name": name},
        "institutions": [
            {
                "id": f"https://openalex.org/I{org}",
                "display_name": org_name,
                "ror": f"https://ror.org/0{org:07d}" if org % 3 else None,
                "country_code": country,
                "type": "education",
            }
        ],
        "raw_author_name": name,
        "raw_affiliation_strings": [f"Department of Computer Science, {org_name}"],
    }


def _index(words: list[str]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for i, w in enumerate(words):
        out.setdefault(w, []).append(i)
    return out


def _side_folders(root: Path, registry: Path) -> None:
    """Empty folders for the other sources, and the shared registry for org resolution."""
    for name in EMPTY_SOURCES:
        (root / name).mkdir(parents=True, exist_ok=True)
    schedule = root / "neurips_affiliations" / "2022"  # the scrape's two files, empty
    (schedule / "neurips_2022_title_and_authors.tsv").write_text("")
    (schedule / "pp_authors_name_affiliation.json").write_text("[]")
    if not (root / "registry").exists():
        (root / "registry").symlink_to(registry.resolve())


if __name__ == "__main__":
    print(json.dumps(generate(Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]))))
