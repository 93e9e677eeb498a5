"""Affiliation timelines and moves (SQL builders, DuckDB dialect).

An **observation** is a person at an org in a year, weighted by their mentions'
org weights that year (observed affiliations only; inferred orgs never make a
move). The **primary org** of a person-year is the org with the largest weight
(weights rounded to 6 decimals, so that equal shares summed in another order still tie;
ties: the org id in alphabetical order); the others that year are secondary
(dual affiliations, internships, visiting positions).

A **spell** is a run of person-years with the same primary org, in year order
(years without papers do not break a spell). A **move** is a change of primary
org between two consecutive spells, dated by the first year at the new org,
when all of these hold:

- the new org is not among the person's orgs in the last year at the old org,
  and the old org is not among the person's orgs in the first year at the new
  org (a dual affiliation is not a move);
- the spell being left is not a one-year, one-mention blip between two spells
  at the same org (noise in one record is not a move).

Each move keeps its evidence (the mention ids on both sides) and a confidence:
0.5 + 0.1 per supporting mention beyond the first on each side, − 0.1 per
missing year between the spells, within [0.1, 1].
"""

from __future__ import annotations

# identity: a table or subquery with (mention_id, person_id).
OBSERVATIONS_SQL = """
SELECT i.person_id, m.year, mo.org_id, round(sum(mo.weight), 6) AS weight,
       list(DISTINCT m.mention_id ORDER BY m.mention_id) AS mention_ids,
       list(DISTINCT m.venue ORDER BY m.venue) AS venues,
       list(DISTINCT m.career_position ORDER BY m.career_position)
           FILTER (WHERE m.career_position IS NOT NULL) AS positions,
       list(DISTINCT m.affiliation ORDER BY m.affiliation)
           FILTER (WHERE m.affiliation IS NOT NULL) AS affiliations
FROM {identity} i
JOIN mentions m USING (mention_id)
JOIN mention_orgs mo USING (mention_id)
GROUP BY 1, 2, 3
"""

PRIMARY_SQL = """
SELECT *, row_number() OVER (PARTITION BY person_id, year ORDER BY weight DESC, org_id) = 1 AS is_primary
FROM observations
"""

SPELLS_SQL = """
WITH primaries AS (
    SELECT person_id, year, org_id, mention_ids, venues, positions, affiliations,
           lag(org_id) OVER (PARTITION BY person_id ORDER BY year) AS previous_org
    FROM person_years WHERE is_primary
),
runs AS (
    SELECT *, sum(CASE WHEN previous_org IS DISTINCT FROM org_id THEN 1 ELSE 0 END)
                  OVER (PARTITION BY person_id ORDER BY year) AS spell_no
    FROM primaries
),
base AS (
    SELECT person_id, spell_no, org_id, min(year) AS first_year, max(year) AS last_year,
           count(*) AS years_seen, sum(array_length(mention_ids)) AS mentions,
           flatten(list(mention_ids ORDER BY year)) AS mention_ids,
           list_sort(list_distinct(flatten(list(venues)))) AS venues,
           list_sort(list_distinct(flatten(list(coalesce(positions, []))))) AS positions,
           lower(array_to_string(list_distinct(flatten(list(coalesce(positions, []))))
                 || list_distinct(flatten(list(coalesce(affiliations, [])))), ' | ')) AS texts
    FROM runs GROUP BY person_id, spell_no, org_id
),
staged AS (
    SELECT b.*, o.sector,
           list_transform(b.positions, p -> {stage}) AS stages,
           lag(b.org_id) OVER w AS prev_org, lead(b.org_id) OVER w AS next_org,
           lag(list_transform(b.positions, p -> {stage})) OVER w AS prev_stages
    FROM base b LEFT JOIN orgs o USING (org_id)
    WINDOW w AS (PARTITION BY b.person_id ORDER BY b.spell_no)
)
SELECT person_id, spell_no, org_id, first_year, last_year, years_seen, mentions, mention_ids,
       venues, positions,
       CASE WHEN last_year - first_year > 1 AND NOT regexp_matches(texts, '\\badjunct\\b') THEN NULL
            WHEN regexp_matches(texts, '\\bintern(ship)?\\b') THEN 'internship'
            WHEN regexp_matches(texts, '\\b(residen(t|cy)|ai resident)\\b') THEN 'residency'
            WHEN regexp_matches(texts, '\\b(visiting|visitor)\\b') THEN 'visiting'
            WHEN regexp_matches(texts, '\\badjunct\\b') THEN 'adjunct'
            WHEN last_year - first_year > 1 THEN NULL
            WHEN prev_org = next_org AND list_contains(prev_stages, 'student') THEN 'internship'
            WHEN prev_org = next_org AND list_contains(prev_stages, 'faculty') THEN 'visiting'
            WHEN sector = 'industry' AND next_org IS NOT NULL
                 AND (list_contains(stages, 'student') OR list_contains(stages, 'intern'))
                THEN 'internship'
       END AS role
FROM staged
"""
"""Spells with a ``role``: internship, residency, visiting or adjunct when a spell of at most
two calendar years says so in its stated positions or affiliation strings (adjunct at any
length), or when it is a short stay between two spells at the same org while a student
(internship) or faculty member (visiting) there, or a student's short stay at a company before
another org. Spells with a role are kept and shown, and are not moves' ends."""

MOVES_SQL = """
WITH ordered AS (
    SELECT *, lag(org_id) OVER w AS prev_org, lag(last_year) OVER w AS prev_last,
           lag(mentions) OVER w AS prev_mentions, lag(mention_ids) OVER w AS prev_mention_ids,
           lag(years_seen) OVER w AS prev_years, lag(org_id, 2) OVER w AS prev2_org,
           lead(org_id) OVER w AS next_org
    FROM spells WHERE role IS NULL
    WINDOW w AS (PARTITION BY person_id ORDER BY spell_no)
),
blips AS (  -- one-year, one-mention spells between two spells at the same org
    SELECT person_id, spell_no FROM ordered
    WHERE years_seen = 1 AND mentions = 1 AND prev_org IS NOT NULL AND prev_org = next_org
),
candidates AS (
    SELECT o.person_id, o.prev_org AS from_org, o.org_id AS to_org, o.prev_last AS from_year,
           o.first_year AS year, o.prev_mention_ids AS from_mentions, o.mention_ids AS to_mentions,
           o.prev_mentions AS n_from, o.mentions AS n_to
    FROM ordered o
    WHERE o.prev_org IS NOT NULL
      AND (o.person_id, o.spell_no) NOT IN (SELECT person_id, spell_no FROM blips)
      AND (o.person_id, o.spell_no - 1) NOT IN (SELECT person_id, spell_no FROM blips)
)
SELECT c.person_id, c.from_org, c.to_org, c.from_year, c.year, c.from_mentions, c.to_mentions,
       round(least(1.0, greatest(0.1, 0.5 + 0.1 * (least(c.n_from, 4) - 1) + 0.1 * (least(c.n_to, 4) - 1)
                                   - 0.1 * greatest(c.year - c.from_year - 1, 0)))::DOUBLE, 2) AS confidence,
       CASE WHEN c.n_from >= 2 AND c.n_to >= 2 AND c.year - c.from_year <= 2 THEN 'strong'
            WHEN c.n_from >= 2 OR c.n_to >= 2 THEN 'moderate'
            ELSE 'weak' END AS strength
FROM candidates c
JOIN orgs fo ON fo.org_id = c.from_org JOIN orgs t ON t.org_id = c.to_org
WHERE c.from_org <> c.to_org
  -- a child org and its parent (Google Research / Google) are one affiliation, not a move
  AND fo.parent_id IS DISTINCT FROM t.org_id AND t.parent_id IS DISTINCT FROM fo.org_id
  AND fo.root_id IS DISTINCT FROM t.org_id AND t.root_id IS DISTINCT FROM fo.org_id
  -- nor is a change between two orgs of one parent (Google Brain / Google DeepMind, MSRA /
  -- Microsoft Research): the same employer read two ways, or a change of team
  AND fo.root_id IS DISTINCT FROM t.root_id
  AND NOT EXISTS (SELECT 1 FROM person_years d WHERE d.person_id = c.person_id
                  AND d.year = c.from_year AND d.org_id = c.to_org)
  AND NOT EXISTS (SELECT 1 FROM person_years d WHERE d.person_id = c.person_id
                  AND d.year = c.year AND d.org_id = c.from_org)
"""


# A person's current org and stage from their latest evidence, each with its year: the primary
# org of the latest year with an observed affiliation, and the stage most of the latest stated
# positions give (ties: the more senior stage), with the mentions that say so.
CURRENT_SQL = """
CREATE OR REPLACE TABLE person_current AS
WITH last_org AS (
    SELECT person_id, org_id, year AS org_year, mention_ids AS org_mentions
    FROM person_years WHERE is_primary
    QUALIFY row_number() OVER (PARTITION BY person_id ORDER BY year DESC) = 1
),
stated AS (
    SELECT mp.person_id, m.year, {stage} AS stage, m.career_position, m.mention_id
    FROM {identity} mp JOIN mentions m USING (mention_id)
    WHERE m.career_position IS NOT NULL AND m.career_position <> ''
),
latest AS (
    SELECT * FROM stated
    QUALIFY year = max(year) OVER (PARTITION BY person_id)
),
stages AS (
    SELECT person_id, year AS stage_year, stage,
           list(DISTINCT career_position ORDER BY career_position) AS positions,
           list(mention_id ORDER BY mention_id) AS stage_mentions
    FROM latest GROUP BY 1, 2, 3
    QUALIFY row_number() OVER (PARTITION BY person_id ORDER BY count(*) DESC,
        list_position(['faculty', 'researcher', 'postdoc', 'student', 'intern', 'other'], stage)) = 1
)
SELECT p.person_id, o.org_id, o.org_year, o.org_mentions, s.stage, s.stage_year, s.positions,
       s.stage_mentions
FROM (SELECT DISTINCT person_id FROM {identity}) p
LEFT JOIN last_org o USING (person_id) LEFT JOIN stages s USING (person_id)
"""


def current_sql(identity: str = "mention_person") -> str:
    """The statement creating ``person_current`` (after ``person_years``)."""
    return CURRENT_SQL.format(identity=identity, stage=stage_sql("m.career_position"))


CAREER_TABLES = ("observations", "person_years", "spells", "moves")
"""What :func:`careers_sql` creates, in its order (each reads the ones before)."""


def careers_sql(
    identity: str = "mention_person", prefix: str = "", temporary: bool = False
) -> list[str]:
    """Statements creating ``{prefix}observations``, ``person_years``, ``spells`` and ``moves``
    (as temporary tables, for a reader of a read-only radar, when ``temporary``)."""
    create = "CREATE OR REPLACE TEMP TABLE" if temporary else "CREATE OR REPLACE TABLE"

    def name(table: str) -> str:
        return f"{prefix}{table}"

    def with_prefix(sql: str) -> str:
        for table in ("observations", "person_years", "spells"):
            sql = sql.replace(f"FROM {table}", f"FROM {name(table)}")
        return sql

    return [
        f"{create} {name('observations')} AS {OBSERVATIONS_SQL.format(identity=identity)}",
        f"{create} {name('person_years')} AS {with_prefix(PRIMARY_SQL)}",
        f"{create} {name('spells')} AS {with_prefix(SPELLS_SQL.format(stage=stage_sql('p')))}",
        f"{create} {name('moves')} AS {with_prefix(MOVES_SQL)}",
    ]


# Career stage of a stated position (OpenReview-style free text).
_STAGE_RULES = (
    ("postdoc", ("postdoc", "post-doc", "post doc")),
    ("student", ("phd", "student", "master", "undergrad", "ms ", "candidate")),
    ("intern", ("intern",)),
    ("faculty", ("professor", "lecturer", "faculty", "reader")),
    (
        "researcher",
        (
            "research",
            "scientist",
            "engineer",
            "principal",
            "director",
            "manager",
            "founder",
            "staff",
        ),
    ),
)
STAGES = ("student", "intern", "postdoc", "faculty", "researcher", "other")


def stage_sql(column: str) -> str:
    """A SQL CASE giving the career stage of a position column (first matching rule wins)."""
    whens = "\n".join(
        f"    WHEN {' OR '.join(f'{column} ILIKE {chr(39)}%{w}%{chr(39)}' for w in words)} THEN '{stage}'"
        for stage, words in _STAGE_RULES
    )
    return f"CASE\n    WHEN {column} IS NULL OR {column} = '' THEN NULL\n{whens}\n    ELSE 'other'\nEND"
