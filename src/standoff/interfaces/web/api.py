"""The routes under ``/api``: each parses the request, calls :mod:`~standoff.interfaces.web.answers` and
sends its JSON; a problem with the model or the options is a 4xx JSON error naming the line.

(No ``from __future__ import annotations`` here: FastAPI reads the routes' annotations as objects.)
"""

import logging
from typing import Any

import orjson
from fastapi import APIRouter, HTTPException
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from standoff.concepts import STANDARD_CONCEPTS
from standoff.errors import CapacityError, StandoffError
from standoff.interfaces.web import answers
from standoff.interfaces.web.catalogue import Catalogue
from standoff.interfaces.web.errors import error_body
from standoff.interfaces.web.jobs import Jobs, engine_guard
from standoff.interfaces.web.requests import ConvertRequest, ModelText, ReportRequest

log = logging.getLogger("standoff.web")


def _status(error: BaseException) -> int:
    return 413 if isinstance(error, CapacityError | MemoryError) else 422


def _answered(request: ModelText, run: Any) -> Any:
    """``run(request)`` (JSON encoded by orjson, as the commands encode large answers: answers about
    a thousand states are sent several times quicker), or the error object with a 4xx status."""
    try:
        with engine_guard():
            answer = run(request)
    except (StandoffError, MemoryError) as error:
        body = error_body(error, request.model if request.format != "gmcr" else None)
        return JSONResponse(body, status_code=_status(error))
    if isinstance(answer, str):
        return answer
    return _json(answer)


def _json(answer: Any) -> Response:
    """``answer`` encoded by orjson, which also writes the pre-encoded parts of large answers."""
    return Response(orjson.dumps(answer, option=orjson.OPT_NON_STR_KEYS), media_type="application/json")


class JobStarted(BaseModel):
    """A background job was queued: poll ``GET /api/jobs/{id}`` for its progress and answer."""

    id: str
    analysis: str
    status: str


def api_router(catalogue: Catalogue, jobs: Jobs) -> APIRouter:
    """The ``/api`` routes, over the models given at start-up (``catalogue``) and the background ``jobs``."""
    router = APIRouter(prefix="/api")

    @router.get("/concepts", summary="The stability concepts: key, printed name and summary, in table order")
    def concepts() -> list[dict[str, str]]:
        return [{"key": c.key, "name": c.name, "summary": c.summary} for c in STANDARD_CONCEPTS]

    @router.get("/models", summary="The models offered on the start page")
    def models() -> list[dict[str, Any]]:
        return catalogue.listing()

    @router.get("/models/{model_id}", summary="One offered model's text")
    def model(model_id: str) -> dict[str, Any]:
        found = catalogue.read(model_id)
        if found is None:
            raise HTTPException(404, "no such model")
        return found

    for name, (kind, run) in answers.ANSWERS.items():
        _add_answer(router, name, kind, run)
        _add_job(router, name, kind, run, jobs)

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

    @router.post("/convert", summary="The model written in another format (standoff convert)")
    def convert(body: ConvertRequest) -> Any:
        return _answered(body, answers.convert)

    @router.post("/model", summary="The model as native-format data, for the editor's forms")
    def model_data(body: ModelText) -> Any:
        return _answered(body, answers.model_data)

    @router.post(
        "/report",
        summary="The HTML report (standoff report)",
        response_class=Response,
        responses={200: {"content": {"text/html": {}}}},
    )
    def report(body: ReportRequest) -> Any:
        page = _answered(body, answers.report)
        if isinstance(page, JSONResponse):
            return page
        stem = body.name.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "model"
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in stem)
        return Response(
            page,
            media_type="text/html; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{safe}-report.html"'},
        )

    return router


def _add_answer(router: APIRouter, name: str, kind: type[ModelText], run: Any) -> None:
    def answer(body: kind) -> Any:  # type: ignore[valid-type]
        return _answered(body, run)

    answer.__doc__ = kind.__doc__
    router.add_api_route(
        f"/{name}",
        answer,
        methods=["POST"],
        summary=(kind.__doc__ or name).split(":")[0].strip("`"),
        name=name,
        responses={422: {"description": "A problem with the model or the options"}},
    )


def _add_job(router: APIRouter, name: str, kind: type[ModelText], run: Any, jobs: Jobs) -> None:
    def start(body: kind) -> JobStarted:  # type: ignore[valid-type]
        given: ModelText = body
        text = given.model if given.format != "gmcr" else None

        def failure(error: BaseException) -> dict[str, Any] | None:
            found = error_body(error, text)
            if found is None:
                log.exception("the %s job failed", name, exc_info=error)
            return found

        started = jobs.start(name, lambda job: run(body, job), failure)
        return JobStarted(id=started.id, analysis=name, status=started.status)

    router.add_api_route(
        f"/jobs/{name}",
        start,
        methods=["POST"],
        status_code=202,
        summary=f"Start {name} in the background",
        name=f"job-{name}",
    )
