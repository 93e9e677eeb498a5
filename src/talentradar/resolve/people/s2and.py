"""Evaluation on the S2AND ``qian`` author-disambiguation benchmark.

Signatures carry names, affiliations, e-mail, author position and paper id
(not titles or years). They are turned into the same features as our mentions
(affiliations resolved with the org registry, coauthors = the other signatures
of the same paper) and linked with the same model and clustering.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from typing import Any

import pyarrow as pa

from talentradar.normalise import (
    email_domain,
    first_name_key,
    given_initials,
    name_key,
    name_tokens,
    normalise_name,
    translit_key,
)
from talentradar.resolve.orgs.matcher import resolve_mention
from talentradar.resolve.orgs.registry import Registry
from talentradar.resolve.people.cluster import cluster_pairs
from talentradar.resolve.people.engine import score
from talentradar.resolve.people.evaluate import scores
from talentradar.resolve.people.model import THRESHOLD
from talentradar.sources.fetch import join_location, read_bytes, read_json

QIAN = "s2and/qian"


def load_qian(data_dir: str) -> tuple[dict[str, Any], dict[str, Any]]:
    sig_at = join_location(data_dir, QIAN, "signatures.json")
    clu_at = join_location(data_dir, QIAN, "clusters.json")
    return read_json(sig_at, read_bytes(sig_at)), read_json(clu_at, read_bytes(clu_at))


def qian_features(
    signatures: dict[str, Any], registry: Registry, reference: list[tuple[str, str]] | None = None
) -> tuple[pa.Table, pa.Table]:
    """(link features, name commonness) for the benchmark's signatures."""
    rows: list[dict[str, Any]] = []
    for sig_id, sig in signatures.items():
        info = sig["author_info"]
        given = " ".join(x for x in (info.get("first"), info.get("middle")) if x)
        family = info.get("last") or ""
        full = f"{given} {family}".strip()
        words = name_tokens(full) or [""]
        affiliation = "; ".join(info.get("affiliations") or []) or None
        domain = email_domain(info.get("email"))
        orgs = [m.org_id for m in resolve_mention(registry, affiliation, domain).matches]
        gk, fk = name_key(given), name_key(family)
        rows.append(
            {
                "unique_id": sig_id,
                "paper_id": str(sig["paper_id"]),
                "year": None,
                "family_key": fk,
                "given_key": gk,
                "given_first": first_name_key(given),
                "given_group": first_name_key(given),
                "given_initial": gk[:1],
                "given_initials": given_initials(given, family),
                "full_key": f"{gk} {fk}",
                "fi_key": f"{fk}_{gk[:1]}",
                "first_key": words[0],
                "last_key": words[-1],
                "sorted_key": " ".join(sorted(words)),
                "translit_key": f"{gk} {fk}",
                "email_domain": domain,
                "org_ids": sorted(set(orgs)) or None,
                "org_roots": sorted({registry.root(o) for o in orgs}) or None,
                "org1": sorted(orgs)[0] if orgs else None,
                "topic": None,
                "name_norm": normalise_name(full),
            }
        )
    by_paper: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_paper[row["paper_id"]].append(row)
    for row in rows:
        co = sorted({r["full_key"] for r in by_paper[row["paper_id"]] if r is not row})
        row["coauthors"] = co or None
        row["coauthors_sig"] = signature(co)
        row["topic_sig"] = None
        keys = [
            row["fi_key"],
            f"{row['first_key'][:1]}_{row['last_key']}",
            row["sorted_key"],
            f"{row['given_group']}_{row['family_key']}",
        ]
        row["link_keys"] = sorted({f"{k}|{c}" for k in keys for c in co}) or None
    by_name: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: r["unique_id"]):
        by_name[row["full_key"]].append(row)
    for key, group in by_name.items():
        for rank, row in enumerate(group):
            row["chain_a"], row["chain_b"] = f"{key}:{rank // 2}", f"{key}:{(rank + 1) // 2}"
    by_canon: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: r["unique_id"]):
        parts = sorted(translit_key(k) for k in (row["given_first"], row["family_key"]))
        by_canon[" ".join(parts)].append(row)
    for key, group in by_canon.items():
        for rank, row in enumerate(group):
            row["chain_c"], row["chain_d"] = f"{key}:{rank // 2}", f"{key}:{(rank + 1) // 2}"
    for row in rows:
        del row["name_norm"]
    return pa.Table.from_pylist(rows, schema=_schema(rows[0])), _commonness(rows, reference)


def signature(values: list[str]) -> int | None:
    """One bit (of 63) per value, as the linkage features' ``*_sig`` columns."""
    bits = 0
    for value in values:
        bits |= 1 << (zlib.crc32(value.encode("utf-8")) % 63)
    return bits or None


_LISTS = {"org_ids", "org_roots", "coauthors", "topic", "link_keys"}
_TYPES = {"year": pa.int32(), "given_initials": pa.bool_()}


def _schema(row: dict[str, Any]) -> pa.Schema:
    def type_of(key: str) -> pa.DataType:
        if key in _LISTS:
            return pa.list_(pa.string())
        if key.endswith("_sig"):
            return pa.int64()
        return _TYPES.get(key, pa.string())

    return pa.schema([(k, type_of(k)) for k in row])


def _commonness(
    rows: list[dict[str, Any]],
    reference: list[tuple[str, str]] | None = None,
    population: int = 100_000,
) -> pa.Table:
    """Name commonness for the signatures, with given and family name shares taken from
    ``reference`` (distinct (given_first, family_key) of a larger corpus) when given."""
    names = {(r["full_key"], r["given_first"], r["family_key"]) for r in rows}
    basis = reference or [(g, f) for _, g, f in names]
    total = max(len(basis), population)
    given: dict[str, int] = defaultdict(int)
    family: dict[str, int] = defaultdict(int)
    for g, f in basis:
        given[g] += 1
        family[f] += 1
    return pa.Table.from_pylist(
        [
            {
                "full_key": k,
                "tf_full_key": max(max(given[g], 1) / total * max(family[f], 1) / total, 1e-9),
            }
            for k, g, f in names
        ]
    )


def evaluate_qian(
    data_dir: str,
    registry: Registry,
    engine: str = "duckdb",
    trained: dict[str, Any] | None = None,
    reference: list[tuple[str, str]] | None = None,
) -> dict[str, Any]:
    """B³ and pairwise scores on qian; name commonness from ``reference`` names (the store's
    distinct (given, family) names) when given, since qian alone is a few ambiguous names."""
    signatures, clusters = load_qian(data_dir)
    truth = {sig: cid for cid, c in clusters.items() for sig in c["signature_ids"]}
    features, commonness = qian_features(signatures, registry, reference)
    pairs, _ = score(features, commonness, engine, trained)
    items = features.column("unique_id").to_pylist()
    paper_of = dict(zip(items, features.column("paper_id").to_pylist(), strict=True))
    found = cluster_pairs(
        items,
        zip(
            pairs.column("unique_id_l").to_pylist(),
            pairs.column("unique_id_r").to_pylist(),
            pairs.column("match_probability").to_pylist(),
            strict=True,
        ),
        THRESHOLD,
        paper_of,
    )
    baseline = dict(zip(items, features.column("full_key").to_pylist(), strict=True))
    return {
        "signatures": len(items),
        "clusters": len(clusters),
        "model": scores(found, truth),
        "baseline": scores(baseline, truth),
    }
