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

from talentradar import __version__, shortlists
from talentradar.analytics.cohorts import TIERS, Selection
from talentradar.analytics.coverage import store_stats
from talentradar.analytics.flows import FLOW_TIERS, LEVELS, flows, poaching, sankey, timeline
from talentradar.analytics.orgs import find_orgs, list_orgs
from talentradar.analytics.people import find_persons, person_profile
from talentradar.analytics.pipeline import pipeline_totals
from talentradar.analytics.scout import ScoutQuery, scout
from talentradar.analytics.similar import similar
from talentradar.analytics.tracker import tracker
from talentradar.api import charts
from talentradar.api.deps import Store
from talentradar.api.routes.orgs import org_view
from talentradar.errors import NotFoundError, TalentRadarError
from talentradar.market import comp
from talentradar.market import layoffs as layoff_data
from talentradar.market.derive import ROLE_FAMILIES
from talentradar.model import SECTORS
from talentradar.venues import VENUES, get_venue

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(files("talentradar.web").joinpath("templates")))
templates.env.globals["charts"] = charts
PATHS = ("/flows", "/orgs", "/people", "/scout", "/shortlists", "/market")
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


def failed(request: Request, exc: TalentRadarError) -> HTMLResponse:
    status = 404 if isinstance(exc, NotFoundError) else 400
    response = render(request, "error.html", message=str(exc), status=status)
    response.status_code = status
    return response


def _venue_years(store: Store) -> dict[str, list[int]]:
    years: dict[str, list[int]] = {}
    for r in store.query(
        "SELECT DISTINCT venue, year FROM papers WHERE decision = 'accepted' ORDER BY 1, 2"
    ):
        years.setdefault(r["venue"], []).append(r["year"])
    return years


@router.get("/", response_class=HTMLResponse)
def overview(
    request: Request,
    store: Store,
    venue: Annotated[str, Query(max_length=40)] = "neurips",
    year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    tier: Annotated[str, Query(max_length=10)] = "top",
    rule: Annotated[str, Query(pattern="^(hq|site)$")] = "hq",
) -> HTMLResponse:
    """Where a venue-year's authors work: by country, region, sector and org; year over year."""
    try:
        venue = get_venue(venue).venue_id
        venue_years = _venue_years(store)
        years = venue_years.get(venue, [])
        year = (
            year if year in years else (2019 if 2019 in years else (years[-1] if years else None))
        )
        selection = Selection.of([venue], [year] if year else [], tier)
        result = {
            by: tracker(store, selection, by=by, rule=rule, top=15)
            for by in ("country", "region", "sector", "parent")
        }
        trend = tracker(store, Selection.of([venue], [], tier), by="region", rule=rule)
    except TalentRadarError as exc:
        return failed(request, exc)
    return render(
        request,
        "overview.html",
        venues=[v for v in VENUES if v.venue_id in venue_years],
        venue=venue,
        years=years,
        year=year,
        tier=tier,
        tiers=TIERS,
        rule=rule,
        result=result,
        trend=trend["rows"],
        stats=store_stats(store),
    )


@router.get("/flows", response_class=HTMLResponse)
def flows_page(
    request: Request,
    store: Store,
    by: Annotated[str, Query(max_length=20)] = "country",
    start: Annotated[int | None, Query(alias="from", ge=1900, le=2100)] = None,
    end: Annotated[int | None, Query(alias="to", ge=1900, le=2100)] = None,
    tier: Annotated[str, Query(max_length=10)] = "all",
) -> HTMLResponse:
    """Sankey of moves between countries, sectors or orgs; the lab poaching heat-map."""
    try:
        result = flows(store, by, start, end, tier, request.app.state.settings.top_venues)
        labs = poaching(store, start=start or 2018, end=end or 2025, evidence=False)
        talent = pipeline_totals(store, "sector" if by == "sector" else "country", start, end)
    except TalentRadarError as exc:
        return failed(request, exc)
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
        result=result,
        sankey=sankey(result, 40),
        poaching=labs,
    )


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
    """An org: top researchers, inflow and outflow, layoffs beside the moves, compensation."""
    try:
        view = org_view(store, org_id, since)
    except TalentRadarError as exc:
        return failed(request, exc)
    return render(request, "org.html", view=view, since=since)


@router.get("/people", response_class=HTMLResponse)
def people_page(
    request: Request, store: Store, q: Annotated[str | None, Query(max_length=200)] = None
) -> HTMLResponse:
    """Find a person by name or id."""
    rows = find_persons(store, q, 50) if q and len(q) >= 2 else []
    return render(request, "people.html", q=q or "", persons=rows)


@router.get("/people/{person_id}", response_class=HTMLResponse)
def person_page(request: Request, store: Store, person_id: str) -> HTMLResponse:
    """A person: timeline of orgs, moves, papers (the evidence)."""
    try:
        profile = person_profile(store, person_id)
    except TalentRadarError as exc:
        return failed(request, exc)
    return render(
        request,
        "person.html",
        profile=profile,
        timeline=timeline(store, person_id),
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
    """Every shortlist; one shortlist's persons with stage and note."""
    lists = shortlists.lists(store)
    name = name or (lists[0]["name"] if lists else None)
    try:
        entries = shortlists.show(store, name) if name else []
    except TalentRadarError as exc:
        return failed(request, exc)
    return render(
        request,
        "shortlists.html",
        lists=lists,
        name=name,
        entries=entries,
        stages=shortlists.STAGES,
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
