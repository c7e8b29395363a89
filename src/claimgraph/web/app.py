"""The desk as a Starlette app: the pages of `pages`, the Atom feed of status changes, saved query
answers as CSV and JSON, and the SPARQL endpoint at /query, forwarded read-only to the Oxigraph
server that `claimgraph serve` runs beside it on a private loopback port.

Pages read the in-process store (`desk`): a page is a few in-memory queries, no HTTP round trip.
The endpoint stays Oxigraph's own (the whole SPARQL 1.1 Protocol, its content negotiation and its
refusal of updates), so what a SPARQL client gets is what it got before the desk existed.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from importlib import resources

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import ClaimgraphError
from ..query import results
from ..query.results import Rows
from ..query.terms import from_json
from ..rdf.namespaces import CLAIM
from .desk import local
from .pages import Pages

ENDPOINT_SECONDS = 60  # longest wait for the Oxigraph server behind /query
_FORWARDED = ("accept", "content-type")
EXAMPLE = """PREFIX cg: <https://w3id.org/claimgraph/ontology#>
SELECT ?claim ?text WHERE { ?claim a cg:Claim ; cg:claimText ?text } ORDER BY ?text"""


def create_app(pages: Pages, endpoint: str) -> Starlette:
    """The app over `pages`; `endpoint` is the Oxigraph query URL that /query forwards to."""

    def html(body: str, status: int = 200) -> HTMLResponse:
        return HTMLResponse(body, status)

    def page(render, depth: int):
        async def handle(request: Request) -> Response:
            try:
                return html(render(request))
            except LookupError as missing:
                return html(pages.error(f"Nothing here is called {missing.args[0]!r}.", depth, 404), 404)
            except ClaimgraphError as exc:
                return html(pages.error(str(exc), depth, 400), 400)
        return handle

    def values(request: Request) -> dict[str, str]:
        return {k: v for k, v in request.query_params.items() if k != "run"}

    async def download(request: Request) -> Response:
        name, kind = request.path_params["name"], request.path_params["kind"]
        if kind not in ("csv", "json"):
            return Response(f"no {kind!r} download; there are csv and json\n", 404, media_type="text/plain")
        try:
            query = pages.desk.saved(name)
            rows = pages.desk.run(query, {**pages.defaults(query), **values(request)})
        except LookupError:
            return Response(f"no saved query {name!r}\n", 404, media_type="text/plain")
        except ClaimgraphError as exc:
            return Response(f"{exc}\n", 400, media_type="text/plain")
        media = "text/csv" if kind == "csv" else "application/sparql-results+json"
        return Response(results.render(rows, kind), media_type=media,
                        headers={"Content-Disposition": f'attachment; filename="{name}.{kind}"'})

    async def feed(request: Request) -> Response:
        from .. import changes

        base = str(request.base_url).rstrip("/")
        body = changes.atom_feed(pages.desk.changes, base, claim_url=lambda base_url, iri:
                                 f"{base_url}/claims/{urllib.parse.quote(local(iri, CLAIM))}.html")
        return Response(body, media_type="application/atom+xml")

    async def figures_svg(request: Request) -> Response:
        return Response(pages.figures_svg(), media_type="image/svg+xml")

    async def sparql_page(request: Request) -> Response:
        text = request.query_params.get("query", "")
        rows, error = None, None
        if text.strip():
            rows, error = await run_in_threadpool(ask_endpoint, endpoint, text)
        return html(pages.sparql(text or EXAMPLE, rows, error), 400 if error else 200)

    async def forward(request: Request) -> Response:
        """The SPARQL 1.1 Protocol, passed to Oxigraph as it came: query string, body, type, accept."""
        body = await request.body()
        target = endpoint + ("?" + request.url.query if request.url.query else "")
        headers = {k: v for k, v in request.headers.items() if k.lower() in _FORWARDED}
        status, media, answer = await run_in_threadpool(_send, target, request.method, body or None, headers)
        return Response(answer, status, media_type=media)

    routes = [
        Route("/", page(lambda r: pages.board(pages.desk.parse_date(r.query_params.get("date"))), 0)),
        Route("/index.html", page(lambda r: pages.board(pages.desk.parse_date(r.query_params.get("date"))), 0)),
        Route("/claims/{key}.html", page(lambda r: pages.claim(r.path_params["key"]), 1)),
        Route("/actors/{key}.html", page(lambda r: pages.actor(r.path_params["key"]), 1)),
        Route("/figures.html", page(lambda r: pages.figures(), 0)),
        Route("/figures.svg", figures_svg),
        Route("/changes.html", page(lambda r: pages.changes(), 0)),
        Route("/changes.atom", feed),
        Route("/queries/", lambda r: RedirectResponse("index.html")),
        Route("/queries/index.html", page(lambda r: pages.query_index(), 1)),
        Route("/queries/{name}.html", page(lambda r: pages.query(r.path_params["name"], values(r),
                                                                  "run" in r.query_params), 1)),
        Route("/queries/{name}.{kind:str}", download),
        Route("/sparql.html", sparql_page),
        Route("/query", forward, methods=["GET", "POST"]),
        Mount("/static", StaticFiles(directory=str(resources.files("claimgraph.web") / "static")), name="static"),
    ]
    return Starlette(routes=routes)


def _send(url: str, method: str, body: bytes | None, headers: dict[str, str]) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=ENDPOINT_SECONDS) as response:
            return response.status, response.headers.get("Content-Type", "application/octet-stream"), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers.get("Content-Type", "text/plain"), error.read()
    except (urllib.error.URLError, OSError) as exc:
        return 502, "text/plain", f"the SPARQL endpoint behind this server did not answer: {exc}\n".encode()


def ask_endpoint(endpoint: str, text: str) -> tuple[Rows | None, str | None]:
    """A query typed on the SPARQL page, asked of the endpoint: its rows, or the endpoint's refusal."""
    form = urllib.parse.urlencode({"query": text}).encode()
    status, _, body = _send(endpoint, "POST", form, {"Content-Type": "application/x-www-form-urlencoded",
                                                     "Accept": "application/sparql-results+json"})
    if status != 200:
        return None, " ".join(body.decode("utf-8", "replace").split())[:500] or f"HTTP {status}"
    try:
        document = json.loads(body)
    except ValueError:
        return None, "the page shows SELECT and ASK answers; ask /query for graphs (CONSTRUCT, DESCRIBE)"
    if "boolean" in document:
        answer = from_json({"type": "literal", "value": str(document["boolean"]).lower()})
        return Rows(["answer"], [{"answer": answer}]), None
    variables = document["head"]["vars"]
    return Rows(variables, [{v: from_json(b.get(v)) for v in variables} for b in document["results"]["bindings"]]), None
