"""The linkage input: one row per mention with the features the model compares.

Built in SQL over ``mentions``, ``mention_orgs``, ``orgs`` and ``papers`` (DuckDB
dialect, executed by the store), plus two small tables computed here:

- ``name_commonness``: for every full name, an estimate of how many different
  people carry it — the share of distinct full names with its first given name
  times the share with its family name, times the number of distinct names.
  Counting distinct names, not mentions, keeps prolific authors (one person,
  hundreds of papers) from looking common. Shares are taken against at least
  100,000 distinct names (a small input is a sample of a larger population).
  Its ``tf_full_key`` is the term-frequency the model uses for exact name matches.
  ``orgs_in_a_year`` — the most distinct parent orgs the exact name is seen at in one year —
  is a second, observed sign of a name many people carry ("Yang Liu": 18; the estimate above
  undercounts names whose given and family names go together); clustering asks more evidence
  of pairs with such a name (resolve.people.link).
- ``nickname_groups``: given-name variants (Alex/Alexander, Bob/Robert) from the
  S2AND name-tuple list, grouped; optional.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from talentradar.errors import SourceError
from talentradar.normalise import PUBLIC_MAIL
from talentradar.sources.fetch import join_location, read_bytes, read_text

NAME_TUPLES = "s2and/s2and_name_tuples.txt"

# Words too common in titles to say anything about a topic.
_STOP = [
    "with",
    "from",
    "that",
    "this",
    "learning",
    "using",
    "towards",
    "toward",
    "based",
    "neural",
    "network",
    "networks",
    "model",
    "models",
    "deep",
    "data",
    "through",
    "their",
    "over",
    "into",
    "when",
    "what",
    "improving",
    "efficient",
    "large",
    "scale",
    "approach",
    "method",
    "methods",
    "analysis",
    "problem",
    "problems",
    "training",
    "via",
    "under",
    "beyond",
    "without",
    "better",
    "fast",
    "faster",
    "simple",
    "robust",
    "general",
    "generalization",
    "task",
    "tasks",
]

# Staged through temporary tables: one statement with these as CTEs is several times slower.
# Coauthors, topic words and blocking keys are compared only for equality, so they are kept
# as 63-bit hashes (BIGINT, which every engine reads): smaller, and fast to intersect.
FEATURES_SQL = """
CREATE OR REPLACE TEMP TABLE link_named AS
SELECT m.mention_id, m.paper_id, m.year, m.family_key, m.given_key, m.given_first,
       -- umlaut spellings folded (Schoelkopf = Schölkopf, Juergen = Jürgen): "ae", "oe", "ue"
       -- before a consonant; in given names not "ae" nor before "l" (Michael, Joel, Manuel)
       regexp_replace(m.given_key, '([ou])e([b-df-hj-kmnp-tv-z])', '\\1\\2', 'g') || ' ' ||
       regexp_replace(m.family_key, '([aou])e([b-df-hj-np-tv-z])', '\\1\\2', 'g') AS full_key,
       m.family_key || '_' || left(m.given_key, 1) AS fi_key,
       {given_initials} AS given_initials,
       left(m.first_key, 1) || '_' || m.last_key AS fl_key,
       m.first_key, m.last_key, m.sorted_key,
       replace(replace(replace(m.given_key || ' ' || m.family_key, 'ae', 'a'), 'oe', 'o'), 'ue', 'u')
           AS translit_key,
       nullif(regexp_extract(m.email_domain,
              '([a-z0-9-]+\\.(ac|edu|co|com|org|gov|net)\\.[a-z]{{2}}|[a-z0-9-]+\\.[a-z]+)$', 1), '')
           AS email_domain
FROM mentions m
WHERE m.family_key <> '';

CREATE OR REPLACE TEMP TABLE link_coauthors AS
SELECT a.mention_id, list_sort(list(DISTINCT (hash(b.full_key) >> 1)::BIGINT)) AS coauthors
FROM link_named a
JOIN link_named b ON a.paper_id = b.paper_id AND a.mention_id <> b.mention_id
JOIN papers p ON p.paper_id = a.paper_id AND p.n_authors <= {max_authors}
GROUP BY 1;

CREATE OR REPLACE TEMP TABLE link_orgs AS
SELECT mo.mention_id,
       list(DISTINCT mo.org_id ORDER BY mo.org_id) AS org_ids,
       list(DISTINCT o.root_id ORDER BY o.root_id) AS org_roots
FROM mention_orgs mo JOIN orgs o USING (org_id)
GROUP BY 1;

CREATE OR REPLACE TEMP TABLE link_topics AS
WITH words AS (
    SELECT paper_id, unnest(string_split(title_norm, ' ')) AS word FROM papers
    UNION ALL
    SELECT paper_id, lower(unnest(keywords)) FROM papers
)
SELECT paper_id, list_sort(list(DISTINCT (hash(word) >> 1)::BIGINT)) AS topic
FROM words WHERE length(word) > 3 AND word NOT IN ({stop})
GROUP BY 1;

CREATE OR REPLACE TABLE link_mentions AS
SELECT n.mention_id AS unique_id, n.paper_id, n.year, n.family_key, n.given_key,
       n.given_first, coalesce(g.grp, n.given_first) AS given_group,
       left(n.given_key, 1) AS given_initial, n.given_initials,
       n.full_key, n.fi_key, n.first_key, n.last_key, n.sorted_key, n.translit_key,
       -- a mail provider's domain (gmail.com) is shared by strangers: no evidence either way
       CASE WHEN n.email_domain IN ({public_mail}) THEN NULL ELSE n.email_domain END
           AS email_domain,
       -- distinct name keys × distinct coauthors: the products are distinct already. Keys that
       -- say the same thing are spelt the same, so that list_distinct keeps one of them: initial
       -- and family name in the form of the first initial and last word (the same for a name
       -- in the usual order, and for its umlaut-folded form without umlauts), and the nickname
       -- group only for a given name in a group (otherwise it is the first given name, and
       -- the same given name and family name share the initial and family name already).
       list_sort(flatten(list_transform(
           list_distinct([left(n.given_key, 1) || '_' || n.family_key, n.fl_key, n.sorted_key,
                          g.grp || '_' || n.family_key,
                          left(n.translit_key, 1) || '_' || replace(replace(replace(n.family_key, 'ae', 'a'), 'oe', 'o'), 'ue', 'u')]),
           k -> list_transform(c.coauthors, co -> (hash(k, co) >> 1)::BIGINT)))) AS link_keys,
       o.org_ids, o.org_roots, o.org_ids[1] AS org1,
       c.coauthors, t.topic,
       -- one bit per element (of 63): two lists whose signatures share no bit share nothing
       list_reduce(list_transform(c.coauthors, h -> 1::BIGINT << (h % 63)::INTEGER), (x, y) -> x | y)
           AS coauthors_sig,
       list_reduce(list_transform(t.topic, h -> 1::BIGINT << (h % 63)::INTEGER), (x, y) -> x | y)
           AS topic_sig,
       n.full_key || ':' || (row_number() OVER (PARTITION BY n.full_key ORDER BY n.year, n.mention_id) // 2)
           AS chain_a,
       n.full_key || ':' || ((row_number() OVER (PARTITION BY n.full_key ORDER BY n.year, n.mention_id) + 1) // 2)
           AS chain_b,
       n.canon_key || ':' || (row_number() OVER (PARTITION BY n.canon_key ORDER BY n.year, n.mention_id) // 2)
           AS chain_c,
       n.canon_key || ':' || ((row_number() OVER (PARTITION BY n.canon_key ORDER BY n.year, n.mention_id) + 1) // 2)
           AS chain_d
FROM (SELECT *, array_to_string(list_sort([
                    replace(replace(replace(given_first, 'ae', 'a'), 'oe', 'o'), 'ue', 'u'),
                    replace(replace(replace(family_key, 'ae', 'a'), 'oe', 'o'), 'ue', 'u')]), ' ')
                    AS canon_key
      FROM link_named) n
LEFT JOIN link_orgs o USING (mention_id)
LEFT JOIN link_coauthors c USING (mention_id)
LEFT JOIN link_topics t USING (paper_id)
LEFT JOIN nickname_groups g ON g.given = n.given_first;

DROP TABLE link_named; DROP TABLE link_coauthors; DROP TABLE link_orgs; DROP TABLE link_topics;
"""

GIVEN_INITIALS_SQL = """(coalesce(list_bool_and(list_transform(
        list_filter(string_split_regex(trim(m.given_name), '[\\s.\\-]+'), w -> w <> ''),
        w -> length(w) <= 1)), true)
     OR (length(m.given_key) <= 2 AND m.given_name = upper(m.given_name)
         AND m.family_name <> upper(m.family_name)))"""
"""Whether the mention's given name is written as initials only (as
``normalise.given_initials``): every word one letter ("C.", "C. J."), or two capitals
beside a family name not in capitals ("CJ Taylor"). "Ce" or "Bo" is a name, not an initial."""

COMMONNESS_SQL = """
CREATE OR REPLACE TABLE name_commonness AS
WITH names AS (SELECT DISTINCT full_key, given_first, family_key FROM link_mentions),
total AS (SELECT greatest(count(*), {population})::DOUBLE AS n FROM names),
given AS (SELECT given_first, count(*) AS c FROM names GROUP BY 1),
family AS (SELECT family_key, count(*) AS c FROM names GROUP BY 1),
crowd AS (  -- distinct parent orgs under one exact name in its busiest year
    SELECT full_key, max(roots) AS orgs_in_a_year FROM (
        SELECT full_key, year, count(DISTINCT root) AS roots
        FROM (SELECT full_key, year, unnest(org_roots) AS root FROM link_mentions)
        GROUP BY 1, 2)
    GROUP BY 1
)
SELECT names.full_key,
       max(greatest(given.c / total.n * family.c / total.n, {floor})) AS tf_full_key,
       max(greatest(given.c / total.n * family.c / total.n, {floor})) * any_value(total.n) AS expected_people,
       coalesce(any_value(crowd.orgs_in_a_year), 0) AS orgs_in_a_year
FROM names JOIN given USING (given_first) JOIN family USING (family_key)
LEFT JOIN crowd ON crowd.full_key = names.full_key, total
GROUP BY 1
"""


def features_sql(max_authors: int = 40) -> str:
    stop = ", ".join(f"'{w}'" for w in _STOP)
    public_mail = ", ".join(f"'{d}'" for d in sorted(PUBLIC_MAIL))
    return FEATURES_SQL.format(
        max_authors=max_authors,
        stop=stop,
        given_initials=GIVEN_INITIALS_SQL,
        public_mail=public_mail,
    )


def commonness_sql(floor: float = 1e-9, population: int = 100_000) -> str:
    """``population``: name shares are taken against at least this many distinct names, so a
    small input (a few papers) does not make every name look common."""
    return COMMONNESS_SQL.format(floor=floor, population=population)


def nickname_groups(lines: list[str]) -> list[dict[str, Any]]:
    """Group given-name variant pairs ("alex,alexander") into connected components."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    for line in lines:
        a, sep, b = line.strip().lower().partition(",")
        if sep and a and b:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    names = {n for n in parent} | set(parent.values())
    return [{"given": n, "grp": find(n)} for n in sorted(names)]


def read_name_tuples(data_dir: str) -> list[str]:
    """The S2AND given-name variant list, or [] when the data folder does not hold it."""
    location = join_location(data_dir, NAME_TUPLES)
    try:
        return read_text(location, read_bytes(location)).splitlines()
    except SourceError:
        if Path(location).exists():
            raise
        return []
