"""Errors that standoff reports to its users.

Every problem with a model names the file, the place in it and the problem,
so that the command line can print one clear line and exit with code 2.
"""

from __future__ import annotations


class StandoffError(Exception):
    """Base class for every error standoff reports to a user."""


class ModelError(StandoffError):
    """A model file (or model data) is wrong: names the file, the place and the problem."""

    def __init__(self, problem: str, *, file: str | None = None, place: str | None = None) -> None:
        self.problem = problem
        self.file = file
        self.place = place
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """``file: place: problem``, with whatever of the file and place is known."""
        where = ": ".join(part for part in (self.file, self.place) if part)
        return f"{where}: {self.problem}" if where else self.problem

    def located(self, *, file: str | None = None, place: str | None = None) -> ModelError:
        """The same error with the file and/or place filled in where still unknown."""
        return ModelError(
            self.problem,
            file=self.file or file,
            place=self.place or place,
        )


class ExpressionError(ModelError):
    """A logical expression over options cannot be parsed or names an unknown option."""


class StateError(StandoffError):
    """A state given by a user (pattern or name) is unknown, malformed or infeasible."""


class CapacityError(StandoffError):
    """A model's state space would not fit the memory limit."""


class ConceptError(StandoffError, ValueError):
    """A stability concept's name is unknown (also a ``ValueError``, as it once was)."""
