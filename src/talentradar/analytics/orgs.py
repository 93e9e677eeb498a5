"""Org queries: the registry as resolved, unresolved strings, one org's profile."""

from __future__ import annotations

from typing import Any

from talentradar.errors import NotFoundError
from talentradar.store import Store


def unresolved(
    store: Store, venue: str | None = None, year: int | None = None, limit: int = 50
) -> list[dict[str, Any]]:
    """Unresolved affiliation strings and domains, most frequent first, with the reason;
    counted over the mentions of ``venue`` and ``year`` when given."""
    sql = """
        SELECT m.affiliation, m.email_domain, count(*) AS mentions, any_value(a.note) AS note
        FROM mentions m JOIN affiliations a
          ON a.affiliation IS NOT DISTINCT FROM m.affiliation
         AND a.email_domain IS NOT DISTINCT FROM m.email_domain
         AND a.affiliation_norm IS NOT DISTINCT FROM m.affiliation_norm
         AND a.country_hint IS NOT DISTINCT FROM m.country_hint
        WHERE NOT a.resolved AND (m.venue = ? OR ? IS NULL) AND (m.year = ? OR ? IS NULL)
        GROUP BY 1, 2 ORDER BY mentions DESC, 1 LIMIT ?
    """
    return store.query(sql, [venue, venue, year, year, limit])


def find_orgs(store: Store, query: str, limit: int = 20) -> list[dict[str, Any]]:
    """Orgs whose id or name matches ``query`` (case-insensitive), with their mention counts."""
    sql = """
        SELECT o.org_id, o.name, o.sector, o.country, o.hq_country, o.parent_id, o.registry,
               count(DISTINCT mo.mention_id) AS mentions
        FROM orgs o LEFT JOIN mention_orgs mo USING (org_id)
        WHERE o.org_id = lower(?) OR o.name ILIKE '%' || ? || '%'
        GROUP BY o.org_id, o.name, o.sector, o.country, o.hq_country, o.parent_id, o.registry
        ORDER BY (o.org_id = lower(?)) DESC, mentions DESC, o.org_id LIMIT ?
    """
    return store.query(sql, [query, query, query, limit])


def org_profile(store: Store, query: str) -> dict[str, Any]:
    """One org: its facts, children, mention counts per venue-year and the strings that resolve to it."""
    found = find_orgs(store, query, 1)
    if not found:
        raise NotFoundError(f"no org matches {query!r}; try `talentradar orgs list --name {query}`")
    org = found[0]
    org_id = org["org_id"]
    return {
        "org": org,
        "children": store.query(
            "SELECT org_id, name, country FROM orgs WHERE parent_id = ? ORDER BY name", [org_id]
        ),
        "by_venue_year": store.query(
            "SELECT m.venue, m.year, count(*) AS mentions FROM mention_orgs mo "
            "JOIN mentions m USING (mention_id) WHERE mo.org_id = ? GROUP BY ALL ORDER BY 1, 2",
            [org_id],
        ),
        "strings": store.query(
            "SELECT m.affiliation, m.email_domain, any_value(mo.method) AS method, count(*) AS mentions "
            "FROM mention_orgs mo JOIN mentions m USING (mention_id) WHERE mo.org_id = ? "
            "GROUP BY 1, 2 ORDER BY mentions DESC LIMIT 25",
            [org_id],
        ),
    }


def list_orgs(
    store: Store, sector: str | None = None, country: str | None = None, limit: int = 50
) -> list[dict[str, Any]]:
    sql = """
        SELECT o.org_id, o.name, o.sector, o.country, o.hq_country, o.parent_id,
               count(DISTINCT mo.mention_id) AS mentions
        FROM orgs o LEFT JOIN mention_orgs mo USING (org_id)
        WHERE (o.sector = ? OR ? IS NULL) AND (o.country = upper(?) OR ? IS NULL)
        GROUP BY ALL ORDER BY mentions DESC, o.name LIMIT ?
    """
    return store.query(sql, [sector, sector, country, country, limit])


def org_talent(store: Store, org_id: str, since: int | None = None) -> dict[str, Any]:
    """An org's (and its children's) top researchers, inflow and outflow of people."""
    members = "(SELECT org_id FROM orgs WHERE org_id = ? OR root_id = ? OR parent_id = ?)"
    top = store.query(
        f"""
        SELECT pa.person_id, pe.name, count(DISTINCT pa.paper_id) AS papers,
               count(DISTINCT pa.paper_id) FILTER (WHERE pa.presentation = 'oral') AS orals,
               min(pa.year) AS first_year, max(pa.year) AS last_year
        FROM paper_authors pa JOIN persons pe USING (person_id)
        JOIN person_years py ON py.person_id = pa.person_id AND py.year = pa.year
        WHERE py.org_id IN {members} AND (pa.year >= ? OR ? IS NULL)
          AND pa.person_id NOT IN (SELECT person_id FROM suppressed_persons)
        GROUP BY ALL ORDER BY papers DESC, orals DESC, pe.name LIMIT 25
    """,
        [org_id, org_id, org_id, since, since],
    )
    flows = {}
    for direction, here, there in (("inflow", "to", "from"), ("outflow", "from", "to")):
        flows[direction] = store.query(
            f"""
            SELECT {there}_parent AS org_id, any_value({there}_parent_name) AS name, count(*) AS moves,
                   list(DISTINCT person_name ORDER BY person_name)[1:8] AS people
            FROM moves_enriched WHERE {here}_org IN {members} AND NOT internal AND (year >= ? OR ? IS NULL)
            GROUP BY 1 ORDER BY moves DESC, name LIMIT 15
        """,
            [org_id, org_id, org_id, since, since],
        )
    by_year = store.query(
        f"""
        SELECT year, count(*) FILTER (WHERE to_org IN {members}) AS inflow,
               count(*) FILTER (WHERE from_org IN {members}) AS outflow
        FROM moves_enriched WHERE NOT internal AND (to_org IN {members} OR from_org IN {members})
        GROUP BY 1 ORDER BY 1
    """,
        [org_id, org_id, org_id] * 4,
    )
    return {
        "top_researchers": top,
        "inflow": flows["inflow"],
        "outflow": flows["outflow"],
        "moves_by_year": by_year,
    }
