"""The web app: the API (:mod:`~standoff.interfaces.web.api`), the pages and their scripts (package data
in ``static/``) and vis-network, built into the package (``vendor/``), all served from this machine."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from standoff.interfaces.web.catalogue import Catalogue
from standoff.interfaces.web.jobs import Jobs
from standoff.interfaces.web.limits import MAX_BODY, BodyLimit
from standoff.interfaces.web.security import SecurityHeaders, TokenGate
from standoff.interfaces.web.workers import QUEUE, TIME_LIMIT, Workers

STATIC = Path(str(files("standoff.interfaces.web") / "static"))
LOOPBACK = ("127.0.0.1", "localhost", "::1")


VIS_NETWORK = Path(str(files("standoff.interfaces.web") / "vendor" / "vis-network.min.js"))
"""vis-network's standalone script, which the build puts in the package (hatch_build.py)."""


def vis_network() -> Path:
    """vis-network's standalone script as built into the package; a clear error when it is missing."""
    if not VIS_NETWORK.is_file():
        raise RuntimeError(MISSING_VIS_NETWORK)
    return VIS_NETWORK


MISSING_VIS_NETWORK = (
    "vis-network, which draws the state graph, is missing from this copy of standoff: it is built into "
    "the package when standoff is installed (pip install '.[web]' in a clone); in a source tree that is "
    "not installed, run: python hatch_build.py"
)


def warm_up() -> None:
    """Compile the analysis kernels once, so that the first page's analysis is as quick as the next;
    then move every object made so far (modules, compiled kernels: they live as long as the server) out
    of the garbage collector's sight, so that its full collections, which find nothing among them, no
    longer scan them: on the Hanoi model such a pause fell from about 60 ms to a few."""
    import gc

    from standoff.interfaces.web.answers import analyze
    from standoff.interfaces.web.requests import AnalyzeRequest

    tiny = (
        "name: warm-up\ndecision_makers:\n"
        "  - {name: A, options: [a], preferences: {ranking: [Y-, N-]}}\n"
        "  - {name: B, options: [b], preferences: {ranking: [-N, -Y]}}\n"
    )
    analyze(AnalyzeRequest(model=tiny))
    gc.collect()
    gc.freeze()


def create_app(
    models: Sequence[Path] = (),
    *,
    examples: bool = True,
    max_body: int = MAX_BODY,
    allowed_hosts: Sequence[str] | None = None,
    warm: bool = True,
    workers: int | None = None,
    time_limit: float | None = TIME_LIMIT,
    memory_budget: int | None = None,
    queue: int = QUEUE,
    token: str | None = None,
) -> Any:
    """The ASGI application: ``models`` are offered on the start page beside the examples.

    ``allowed_hosts``: the names the browser may call the server by (``Host`` header); None allows
    any. Requests with a body larger than ``max_body`` bytes are refused with 413.

    Analyses run in ``workers`` processes (default: one per core; 0: in this process, unstoppable),
    each stopped after ``time_limit`` seconds (None: never), started while their estimated memory
    fits ``memory_budget`` bytes beside the running ones (default: three quarters of the machine's);
    past ``queue`` waiting analyses, new ones are refused (503). With a ``token``, every request must
    carry it (see :class:`~standoff.interfaces.web.security.TokenGate`).
    """
    from standoff.interfaces.web.api import api_router
    from standoff.interfaces.web.errors import error_body

    catalogue = Catalogue(models, examples=examples)
    jobs = Jobs()
    pool = Workers(workers, time_limit=time_limit, memory_budget=memory_budget, queue=queue, warm=warm)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if warm:
            threading.Thread(target=warm_up, name="standoff-warm-up", daemon=True).start()
            pool.start()
        yield
        pool.shutdown()

    app = FastAPI(
        title="standoff",
        summary="Strategic conflict analysis with the Graph Model for Conflict Resolution",
        description="Every analysis of the standoff command line, over a model file's text. "
        "The answers are the JSON of the command of the same name with `--format json`.",
        version=_version(),
        lifespan=lifespan,
        docs_url=None,  # the interactive docs page loads its scripts from the internet
        redoc_url=None,
    )

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        problems = [
            {
                "file": None,
                "line": None,
                "column": None,
                "place": ".".join(str(p) for p in e.get("loc", ())),
                "problem": str(e.get("msg", "")),
            }
            for e in error.errors()
        ]
        message = "; ".join(f"{p['place']}: {p['problem']}" for p in problems) or "invalid request"
        return JSONResponse(
            {"error": message, "line": None, "column": None, "problems": problems}, status_code=422
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        return JSONResponse(
            {"error": str(error.detail), "line": None}, status_code=error.status_code, headers=error.headers
        )

    @app.exception_handler(MemoryError)
    async def memory(request: Request, error: MemoryError) -> JSONResponse:
        return JSONResponse(error_body(error), status_code=413)

    app.include_router(api_router(catalogue, jobs, pool))
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/vendor/vis-network.min.js", include_in_schema=False)
    def vendor() -> FileResponse:
        return FileResponse(vis_network(), media_type="text/javascript")

    @app.get("/", include_in_schema=False)
    def start() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    @app.get("/app", include_in_schema=False)
    def workspace() -> FileResponse:
        return FileResponse(STATIC / "app.html", media_type="text/html")

    wrapped: Any = BodyLimit(app, max_body)
    if token is not None:
        wrapped = TokenGate(wrapped, token)
    if allowed_hosts is not None:
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        wrapped = TrustedHostMiddleware(wrapped, allowed_hosts=list(allowed_hosts))
    wrapped = SecurityHeaders(wrapped)
    wrapped.openapi = app.openapi  # for tools that read the schema from the application
    wrapped.fastapi = app
    wrapped.workers = pool
    return wrapped


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("standoff")
    except PackageNotFoundError:
        return "0"
