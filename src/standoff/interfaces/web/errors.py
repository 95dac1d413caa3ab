"""The API's error object: what went wrong with the model or the options, with the line where it is."""

from __future__ import annotations

from typing import Any

from standoff.errors import ModelError, ModelErrors, StandoffError


def error_body(error: BaseException, text: str | None = None) -> dict[str, Any] | None:
    """The API's error object for an error the user can fix: ``error`` (every problem, one a line),
    ``line`` and ``column`` of the first, and ``problems`` (each with file, line, column, place, problem);
    None for any other error."""
    from standoff.outputs.validation import problem_list

    if isinstance(error, MemoryError):
        return {"error": "out of memory; try a smaller model", "line": None, "column": None, "problems": []}
    if not isinstance(error, StandoffError):
        return None
    found = list(error.errors) if isinstance(error, ModelErrors) else [error]
    problems = problem_list(found, text=text)
    located = [p for p in problems if p["line"] is not None]
    first = located[0] if located else problems[0]
    messages = []
    for problem, original in zip(problems, found, strict=True):
        if isinstance(original, ModelError):
            messages.append(
                ModelError(
                    problem["problem"],
                    file=problem["file"],
                    place=problem["place"],
                    line=problem["line"],
                    column=problem["column"],
                ).message
            )
        else:
            messages.append(str(original))
    return {
        "error": "\n".join(messages),
        "line": first["line"],
        "column": first["column"],
        "problems": problems,
    }
