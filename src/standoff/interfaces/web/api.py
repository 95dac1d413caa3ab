"""The routes under ``/api``: each parses the request, has :mod:`~standoff.interfaces.web.answers` answer
it (in a worker process, or here for quick answers about small models) and sends its JSON; a problem
with the model or the options is a 4xx JSON error naming the line.

(No ``from __future__ import annotations`` here: FastAPI reads the routes' annotations as objects.)
"""

import asyncio
import hashlib
from typing import Any

import orjson
from fastapi import APIRouter, HTTPException
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from standoff.engine.estimate import Estimate
from standoff.errors import CapacityError, StandoffError
from standoff.interfaces.web import answers
from standoff.interfaces.web.catalogue import Catalogue
from standoff.interfaces.web.concept_menus import concept_entries
from standoff.interfaces.web.errors import error_body
from standoff.interfaces.web.jobs import Job, Jobs, engine_guard
from standoff.interfaces.web.outcomes import Outcome, crash, failure_status, outcome
from standoff.interfaces.web.requests import ConvertRequest, ModelText, ReportRequest
from standoff.interfaces.web.workers import RETRY_AFTER, Busy, Task, Workers

QUICK_STATES = 20_000
"""Models of at most this many states are answered in the server's own process by the quick routes
(the editor's analysis as the user types: about 0.1 s for Hanoi's 1,152 states); larger ones, and every
other analysis, go to the worker processes, where the time limit can stop them."""

QUICK_ROUTES = frozenset({"analyze", "validate", "timeline", "graph", "live", "table", "explain", "report"})
"""Routes whose answer takes about one stability analysis of the model (explain: but for limited move)."""

UNKNOWN_QUICK_STATES = 256
"""Above this many states, an analysis under the unknown-preference concepts goes to the worker processes,
where the time limit can stop it (Hanoi's 1,152 states under all sixteen take about ten seconds)."""

PARSE_ONLY = frozenset({"convert", "model"})
"""Routes that only read and write the model: always answered here."""


def _admit(request: ModelText) -> Estimate:
    """Read the posted model (a problem with it is raised) and estimate what analysing it takes."""
    from standoff.interfaces.web.models import read_estimate

    return read_estimate(request.model, request.format, request.name)


def _error(error: BaseException, request: ModelText) -> tuple[int, dict[str, Any]]:
    body = error_body(error, request.model if request.format != "gmcr" else None)
    assert body is not None
    return failure_status(error), body


def _quick(name: str, request: ModelText, found: Estimate) -> bool:
    """Whether the answer is quick enough to give here, where it cannot be stopped."""
    if name in PARSE_ONLY:
        return True
    if name not in QUICK_ROUTES or found.states > QUICK_STATES:
        return False
    if found.states > UNKNOWN_QUICK_STATES:
        from standoff.concepts import is_unknown_preference

        if any(is_unknown_preference(str(c).strip().lower()) for c in getattr(request, "concepts", ())):
            return False
    if name == "explain":
        from standoff.analyses.explain import check_concept
        from standoff.concepts import is_limited_move

        try:
            return not is_limited_move(check_concept(getattr(request, "concept", "seq")))
        except StandoffError:
            return True  # answered at once with the error
    return True


def _here(name: str, request: ModelText) -> Outcome:
    try:
        with engine_guard():
            return outcome(name, request)
    except Exception as error:
        return crash(name, error)


def _key(request: ModelText) -> str:
    """The model's key: the worker that analysed it last keeps its analysis (a large table's pages)."""
    digest = hashlib.blake2b(request.model.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    return f"{digest}:{request.format}:{request.name}"


def _busy(error: Busy) -> JSONResponse:
    return JSONResponse(
        {"error": str(error), "line": None, "column": None, "problems": []},
        status_code=503,
        headers={"Retry-After": str(RETRY_AFTER)},
    )


async def _answer(name: str, request: ModelText, workers: Workers) -> Outcome | JSONResponse:
    """The route ``name``'s outcome for ``request``: here when quick, else from a worker process."""
    try:
        found = await run_in_threadpool(_admit, request)
    except (StandoffError, MemoryError) as error:
        return _error(error, request)
    if _quick(name, request, found):
        return await run_in_threadpool(_here, name, request)
    task = Task(Job("", name), outcome, (name, request), memory=found.memory_bytes, key=_key(request))
    try:
        workers.submit(task)
    except Busy as error:
        return _busy(error)
    except CapacityError as error:
        return _error(error, request)
    try:
        job = await asyncio.wrap_future(task.done)
    except asyncio.CancelledError:  # the client went away: so does its analysis
        workers.cancel(task)
        raise
    answer: bytes | str | dict[str, Any] = job.result if job.code == 200 else (job.error or {})
    return job.code, answer


def _sent(answer: Outcome | JSONResponse) -> Any:
    """The outcome as the response: JSON bytes as they are, the error object with its status."""
    if isinstance(answer, Response):
        return answer
    code, body = answer
    if isinstance(body, bytes):
        return Response(body, status_code=code, media_type="application/json")
    if isinstance(body, dict):
        return JSONResponse(body, status_code=code)
    return body


def _json(answer: Any) -> Response:
    """``answer`` encoded by orjson, which also writes the pre-encoded parts of large answers."""
    return Response(orjson.dumps(answer, option=orjson.OPT_NON_STR_KEYS), media_type="application/json")


class JobStarted(BaseModel):
    """A background job was queued: poll ``GET /api/jobs/{id}`` for its progress and answer."""

    id: str
    analysis: str
    status: str


def api_router(catalogue: Catalogue, jobs: Jobs, workers: Workers) -> APIRouter:
    """The ``/api`` routes, over the models given at start-up (``catalogue``), the background ``jobs``
    and the ``workers`` that run analyses."""
    router = APIRouter(prefix="/api")
    tasks: dict[str, Task] = {}  # the running and queued jobs' tasks, by job id

    @router.get(
        "/concepts",
        summary="The stability concepts in table order: key, printed name, summary, family and the analyses "
        "that take each",
    )
    def concepts() -> list[dict[str, Any]]:
        return concept_entries()

    @router.get("/models", summary="The models offered on the start page")
    def models() -> list[dict[str, Any]]:
        return catalogue.listing()

    @router.get("/models/{model_id}", summary="One offered model's text")
    def model(model_id: str) -> dict[str, Any]:
        found = catalogue.read(model_id)
        if found is None:
            raise HTTPException(404, "no such model")
        return found

    for name, (kind, _) in answers.ANSWERS.items():
        _add_answer(router, name, kind, workers)
        _add_job(router, name, kind, jobs, workers, tasks)

    @router.get(
        "/jobs/{job_id}",
        summary="A background job's progress, and its answer once done",
        response_class=Response,
        responses={200: {"content": {"application/json": {}}}},
    )
    def job(job_id: str) -> Response:
        found = jobs.get(job_id)
        if found is None:
            raise HTTPException(404, "no such job (finished jobs are kept for a while only)")
        return _json(found.to_dict())

    @router.delete(
        "/jobs/{job_id}",
        summary="Cancel a queued or running job (its worker is stopped); a finished job is dropped",
        response_class=Response,
        responses={200: {"content": {"application/json": {}}}},
    )
    async def cancel(job_id: str) -> Response:
        found = jobs.get(job_id)
        if found is None:
            raise HTTPException(404, "no such job (finished jobs are kept for a while only)")
        task = tasks.get(job_id)
        if task is not None and workers.cancel(task):
            await asyncio.wait_for(asyncio.wrap_future(task.done), timeout=30)
        else:
            jobs.forget(job_id)
        return _json(found.to_dict())

    @router.post("/convert", summary="The model written in another format (standoff convert)")
    async def convert(body: ConvertRequest) -> Any:
        return _sent(await _answer("convert", body, workers))

    @router.post("/model", summary="The model as native-format data, for the editor's forms")
    async def model_data(body: ModelText) -> Any:
        return _sent(await _answer("model", body, workers))

    @router.post(
        "/report",
        summary="The HTML report (standoff report)",
        response_class=Response,
        responses={200: {"content": {"text/html": {}}}},
    )
    async def report(body: ReportRequest) -> Any:
        page = _sent(await _answer("report", body, workers))
        if isinstance(page, Response):
            return page
        stem = body.name.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "model"
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in stem)
        return Response(
            page,
            media_type="text/html; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{safe}-report.html"'},
        )

    return router


def _add_answer(router: APIRouter, name: str, kind: type[ModelText], workers: Workers) -> None:
    async def answer(body: kind) -> Any:  # type: ignore[valid-type]
        return _sent(await _answer(name, body, workers))

    answer.__doc__ = kind.__doc__
    router.add_api_route(
        f"/{name}",
        answer,
        methods=["POST"],
        summary=(kind.__doc__ or name).split(":")[0].strip("`"),
        name=name,
        responses={
            422: {"description": "A problem with the model or the options"},
            503: {"description": "Too many analyses wait already: try again after Retry-After seconds"},
            504: {"description": "The analysis ran past the server's time limit and was stopped"},
        },
    )


def _add_job(
    router: APIRouter, name: str, kind: type[ModelText], jobs: Jobs, workers: Workers, tasks: dict[str, Task]
) -> None:
    async def start(body: kind) -> Any:  # type: ignore[valid-type]
        given: ModelText = body
        job = jobs.new(name)
        try:
            found = await run_in_threadpool(_admit, given)
            task = Task(job, outcome, (name, given), memory=found.memory_bytes, key=_key(given))
            if _quick(name, given, found):
                workers.run_here(task)
            else:
                workers.submit(task)
        except Busy as error:
            jobs.forget(job.id)
            return _busy(error)
        except (StandoffError, MemoryError) as error:  # the job fails at once, saying why
            job.code, job.error = _error(error, given)
            job.status, job.finished = "failed", job.started
        else:
            tasks[job.id] = task
            task.done.add_done_callback(lambda _: tasks.pop(job.id, None))
        return JSONResponse(
            JobStarted(id=job.id, analysis=name, status=job.status).model_dump(), status_code=202
        )

    router.add_api_route(
        f"/jobs/{name}",
        start,
        methods=["POST"],
        status_code=202,
        summary=f"Start {name} in the background",
        name=f"job-{name}",
        response_model=JobStarted,
        responses={
            503: {"description": "Too many analyses wait already: try again after Retry-After seconds"}
        },
    )
