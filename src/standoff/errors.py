"""Errors that standoff reports to its users.

Every problem with a model names the file, the place in it and the problem,
so that the command line can print one clear line and exit with code 2.
"""

from __future__ import annotations


class StandoffError(Exception):
    """Base class for every error standoff reports to a user."""


class ModelError(StandoffError):
    """A model file (or model data) is wrong: names the file, the place and the problem.

    With the line and column known, the message reads like a compiler's:
    ``file:line:column: place: problem``.
    """

    def __init__(
        self,
        problem: str,
        *,
        file: str | None = None,
        place: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.problem = problem
        self.file = file
        self.place = place
        self.line = line
        self.column = column
        super().__init__(self.message)

    @property
    def message(self) -> str:
        head = self.file
        if self.line is not None:
            head = f"{self.file or 'line'}:{self.line}:{self.column or 1}"
        where = ": ".join(part for part in (head, self.place) if part)
        return f"{where}: {self.problem}" if where else self.problem

    def located(
        self,
        *,
        file: str | None = None,
        place: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> ModelError:
        """The same error with the file, place, line and column filled in where still unknown."""
        return ModelError(
            self.problem,
            file=self.file or file,
            place=self.place or place,
            line=self.line if self.line is not None else line,
            column=self.column if self.line is not None else column,
        )


class ModelErrors(ModelError):
    """Every problem found in one model file, each a located :class:`ModelError`, reported at once.

    Reads as the first problem for code that expects one; ``errors`` holds them all,
    in the order of the file.
    """

    def __init__(self, errors: list[ModelError]) -> None:
        self.errors = tuple(sorted(errors, key=lambda e: (e.line is None, e.line or 0, e.column or 0)))
        first = self.errors[0]
        super().__init__(
            first.problem, file=first.file, place=first.place, line=first.line, column=first.column
        )

    @property
    def message(self) -> str:
        return "\n".join(error.message for error in self.errors)


class ExpressionError(ModelError):
    """A logical expression over options cannot be parsed or names an unknown option."""


class StateError(StandoffError):
    """A state given by a user (pattern or name) is unknown, malformed or infeasible."""


class CapacityError(StandoffError):
    """A model's state space would not fit the memory limit."""
