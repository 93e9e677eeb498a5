"""The web pages: server-rendered HTML with the data of each chart embedded as JSON.

Every page reads through the same library functions as the API; charts are
drawn in the browser by the vendored ECharts (static/vendor) from that JSON.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from talentradar import __version__, shortlists, watch
from talentradar.analytics import network
from talentradar.analytics.availability import venue_years
from talentradar.analytics.cohorts import Selection
from talentradar.analytics.drill import org_people_moves
from talentradar.analytics.flows import FLOW_TIERS, LEVELS, flows, poaching, sankey, timeline
from talentradar.analytics.orgs import find_orgs, list_orgs
from talentradar.analytics.people import find_persons, person_profile
from talentradar.analytics.pipeline import pipeline_totals
from talentradar.analytics.scout import ScoutQuery, scout
from talentradar.analytics.similar import similar
from talentradar.api import charts
from talentradar.api import overview as overview_view
from talentradar.api.deps import Store, check_years
from talentradar.api.routes.orgs import org_view
from talentradar.errors import NotFoundError, TalentRadarError
from talentradar.market import comp
from talentradar.market import layoffs as layoff_data
from talentradar.market.derive import ROLE_FAMILIES
from talentradar.model import SECTORS
from talentradar.venues import get_venue

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(files("talentradar.web").joinpath("templates")))
templates.env.globals["charts"] = charts
PATHS = ("/flows", "/orgs", "/people", "/scout", "/market")
"""Cached pages; /shortlists is not among them: it is edited in place, and a write's cache
clearing can land after the browser's next request."""
NAV = (
    ("/", "Overview"),
    ("/flows", "Flows"),
    ("/orgs", "Orgs"),
    ("/people", "People"),
    ("/scout", "Scout"),
    ("/shortlists", "Shortlists"),
    ("/market", "Market"),
)


def is_page(path: str) -> bool:
    """Pages whose answers the response cache may keep."""
    return path == "/" or path.startswith(PATHS)


def render(request: Request, template: str, **context: Any) -> HTMLResponse:
    context |= {"nav": NAV, "version": __version__, "path": request.url.path}
    return templates.TemplateResponse(request, template, context)


def failed(
    request: Request, exc: TalentRadarError, suggestions: list[tuple[str, str]] | None = None
) -> HTMLResponse:
    status = 404 if isinstance(exc, NotFoundError) else 400
    return error_page(request, status, str(exc), suggestions)


def error_page(
    request: Request,
    status: int,
    message: str,
    suggestions: list[tuple[str, str]] | None = None,
) -> HTMLResponse:
    """An HTML error page (pages never answer raw JSON): the message and, where cheap,
    links to what the visitor may have meant."""
    response = render(
        request, "error.html", message=message, status=status, suggestions=suggestions or []
    )
    response.status_code = status
    return response


@router.get("/", response_class=HTMLResponse)
def overview(
    request: Request,
    store: Store,
    venue: Annotated[list[str], Query(max_length=10)] = ["neurips"],  # noqa: B006
    year: Annotated[list[int], Query(max_length=20)] = [],  # noqa: B006
    tier: Annotated[str, Query(max_length=10)] = "top",
    rule: Annotated[str, Query(pattern="^(hq|site)$")] = "hq",
    by: Annotated[str, Query(pattern="^(country|region|sector|parent)$")] = "country",
    track: Annotated[list[str], Query(max_length=10)] = [],  # noqa: B006
) -> HTMLResponse:
    """Where venue-years' authors work, side by side: shares by country, region, sector or
    org; a world map; trends with the chosen years marked; headline findings."""
    try:
        available = venue_years(store)
        venues = [get_venue(v).venue_id for v in venue if v.strip()] or ["neurips"]
        years = sorted(set(check_years(year))) or overview_view.default_years(
            request, store, venues[0]
        )
        tracks = [t.strip() for value in track for t in value.split(",") if t.strip()]
        selection = Selection.of(venues, years, tier, tracks)
        view = overview_view.view(request, store, selection, by, rule, available)
    except TalentRadarError as exc:
        return failed(request, exc)
    return render(request, "overview.html", **view)


@router.get("/flows", response_class=HTMLResponse)
def flows_page(
    request: Request,
    store: Store,
    by: Annotated[str, Query(max_length=20)] = "country",
    start: Annotated[int | None, Query(alias="from", ge=1900, le=2100)] = None,
    end: Annotated[int | None, Query(alias="to", ge=1900, le=2100)] = None,
    tier: Annotated[str, Query(max_length=10)] = "all",
) -> HTMLResponse:
    """Sankey of moves between countries, sectors or orgs; net flows on a world map; the lab
    poaching heat-map. Every link, country and cell opens the people behind it."""
    try:
        span = _move_years(store)
        problem = _years_problem(start, end, span)
        result = flows(store, by, start, end, tier, request.app.state.settings.top_venues)
        labs = poaching(store, start=start or 2018, end=end or 2025, evidence=False)
        talent = pipeline_totals(store, "sector" if by == "sector" else "country", start, end)
    except TalentRadarError as exc:
        return failed(request, exc)
    args = {"by": by, "from": start, "to": end, "tier": tier}
    query = overview_view.query(list(args.items()))
    poach = f"/api/poaching?{overview_view.query([('from', start or 2018), ('to', end or 2025)])}"
    return render(
        request,
        "flows.html",
        pipelines=talent,
        levels=LEVELS,
        tiers=FLOW_TIERS,
        by=by,
        start=start,
        end=end,
        tier=tier,
        span=span,
        problem=problem,
        result=result,
        sankey=sankey(result, 40) | {"drill": f"/api/flows/people?{query}"},
        world=charts.world(result["net"] if by == "country" else [], "net", None, False),
        poaching=labs,
        heat=charts.heatmap(labs) | {"drill": poach},
        api=f"/api/flows?{query}",
        net_api=f"/api/flows?{query}&limit=500",
        poach_api=poach,
    )


def _move_years(store: Store) -> tuple[int | None, int | None]:
    row = store.query("SELECT min(year) AS a, max(year) AS b FROM moves_enriched")[0]
    return row["a"], row["b"]


def _years_problem(
    start: int | None, end: int | None, span: tuple[int | None, int | None]
) -> str | None:
    """A sentence when the chosen years hold no moves (or are reversed)."""
    first, last = span
    if start is not None and end is not None and start > end:
        return f"'from' {start} is after 'to' {end}"
    if first is None or last is None:
        return "no moves have been found yet"
    if (start is not None and start > last) or (end is not None and end < first):
        return f"no moves in the chosen years; moves are known from {first} to {last}"
    return None


@router.get("/orgs", response_class=HTMLResponse)
def orgs_page(
    request: Request,
    store: Store,
    q: Annotated[str | None, Query(max_length=200)] = None,
    sector: Annotated[str | None, Query(max_length=20)] = None,
) -> HTMLResponse:
    """Find an org by name, or browse the most mentioned."""
    sector = sector if sector in SECTORS else None
    rows = find_orgs(store, q, 50) if q else list_orgs(store, sector, None, 50)
    return render(request, "orgs.html", q=q or "", sector=sector, sectors=SECTORS, orgs=rows)


@router.get("/orgs/{org_id}", response_class=HTMLResponse)
def org_page(
    request: Request,
    store: Store,
    org_id: str,
    since: Annotated[int | None, Query(ge=1900, le=2100)] = None,
) -> HTMLResponse:
    """An org: top researchers, who joined and who left, layoffs beside the moves, pay."""
    if not store.query("SELECT 1 FROM orgs WHERE org_id = ?", [org_id]):
        near = find_orgs(store, org_id, 8)
        return failed(
            request,
            NotFoundError(f"no org with the id {org_id!r}"),
            [(f"/orgs/{o['org_id']}", f"{o['name']} ({o['org_id']})") for o in near],
        )
    try:
        view = org_view(store, org_id, since)
    except TalentRadarError as exc:
        return failed(request, exc)
    watched = any(w["kind"] == "org" and w["target"] == org_id for w in watch.watches(store))
    return render(
        request,
        "org.html",
        view=view,
        since=since,
        people=org_people_moves(store, org_id, since),
        watched=watched,
        changes=watch.changes(store, "org", org_id, 50),
    )


@router.get("/people", response_class=HTMLResponse)
def people_page(
    request: Request, store: Store, q: Annotated[str | None, Query(max_length=200)] = None
) -> HTMLResponse:
    """Find a person by name or id."""
    rows = find_persons(store, q, 50) if q and len(q) >= 2 else []
    return render(request, "people.html", q=q or "", persons=rows)


PAPERS_PER_PAGE = 20


@router.get("/people/{person_id}", response_class=HTMLResponse)
def person_page(
    request: Request,
    store: Store,
    person_id: str,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    """A person: career picture (spells on a time axis, moves marked), moves, co-authors,
    topics, public-profile links and the papers (the evidence), grouped by year and paged."""
    try:
        profile = person_profile(store, person_id)
    except NotFoundError as exc:
        near = find_persons(store, person_id, 8) if len(person_id) >= 2 else []
        return failed(request, exc, [(f"/people/{p['person_id']}", p["name"]) for p in near])
    except TalentRadarError as exc:
        return failed(request, exc)
    career = timeline(store, person_id)
    mentions = sorted(profile["mentions"], key=lambda m: (-m["year"], m["venue"], m["title"]))
    pages = max(1, -(-len(mentions) // PAPERS_PER_PAGE))
    page = min(page, pages)
    shown = mentions[(page - 1) * PAPERS_PER_PAGE : page * PAPERS_PER_PAGE]
    return render(
        request,
        "person.html",
        profile=profile,
        timeline=career,
        career=charts.career(career),
        papers=shown,
        page=page,
        pages=pages,
        coauthors=network.coauthors(store, person_id),
        topics=network.topics(store, person_id),
        links=network.profile_links(profile["person"].get("source_person_ids")),
        lists=shortlists.lists(store),
    )


@router.get("/scout", response_class=HTMLResponse)
def scout_page(
    request: Request,
    store: Store,
    q: Annotated[str | None, Query(max_length=300)] = None,
    country: Annotated[str | None, Query(max_length=2)] = None,
    sector: Annotated[str | None, Query(max_length=20)] = None,
    tier: Annotated[str, Query(max_length=10)] = "all",
    rising: bool = False,
    max_career_years: Annotated[int | None, Query(ge=0, le=80)] = None,
    like: Annotated[str | None, Query(max_length=200)] = None,
) -> HTMLResponse:
    """Search persons by topic with filters; rising stars; more like a person; shortlist."""
    result = None
    error = None
    if like or (q and q.strip()):
        try:
            spec = ScoutQuery(
                text=q or "similar",
                countries=(country.upper(),) if country else (),
                sectors=(sector,) if sector in SECTORS else (),
                tier=tier,
                rising=rising,
                max_career_years=max_career_years,
                limit=25,
            )
            result = similar(store, like, spec) if like else scout(store, spec)
        except TalentRadarError as exc:
            error = str(exc)
    return render(
        request,
        "scout.html",
        q=q or "",
        country=country or "",
        sector=sector or "",
        sectors=SECTORS,
        tier=tier,
        tiers=("all", "top", "elite"),
        rising=rising,
        max_career_years=max_career_years,
        like=like or "",
        result=result,
        error=error,
        lists=shortlists.lists(store),
    )


@router.get("/shortlists", response_class=HTMLResponse)
@router.get("/shortlists/{name}", response_class=HTMLResponse)
def shortlists_page(request: Request, store: Store, name: str | None = None) -> HTMLResponse:
    """Every shortlist; one shortlist's persons with stage and note, editable with a token;
    what changed for it when watched."""
    lists = shortlists.lists(store)
    if name is not None and name not in {r["name"] for r in lists}:
        known = ", ".join(r["name"] for r in lists) or "none yet"
        return failed(request, NotFoundError(f"no shortlist {name!r}; shortlists: {known}"))
    name = name or (lists[0]["name"] if lists else None)
    entries = shortlists.show(store, name) if name else []
    watched = any(w["kind"] == "shortlist" and w["target"] == name for w in watch.watches(store))
    return render(
        request,
        "shortlists.html",
        lists=lists,
        name=name,
        entries=entries,
        stages=shortlists.STAGES,
        watched=watched,
        changes=watch.changes(store, "shortlist", name, 50) if name else [],
    )


@router.get("/market", response_class=HTMLResponse)
def market_page(
    request: Request,
    store: Store,
    org: Annotated[str | None, Query(max_length=200)] = None,
    role: Annotated[str | None, Query(max_length=100)] = None,
    location: Annotated[str | None, Query(max_length=100)] = None,
) -> HTMLResponse:
    """Compensation percentiles (box plots), an offer-comparison form, layoffs timeline, jobs."""
    role = role if role in ROLE_FAMILIES else None
    filters = (org or None, role, None, location or None)
    return render(
        request,
        "market.html",
        org=org or "",
        role=role or "",
        location=location or "",
        roles=ROLE_FAMILIES,
        bench=comp.benchmarks(store, *filters, ("role",)),
        by_yoe=comp.benchmarks(store, *filters, ("yoe_band",)),
        layoffs=layoff_data.timeline(
            store, "industry", "quarter", org or None, None, None, None, 8
        ),
        jobs=layoff_data.jobs_summary(store),
    )
