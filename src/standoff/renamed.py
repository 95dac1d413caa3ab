"""Keyword arguments renamed to the command line's option names, still accepted for a while.

``conflict.roadmap(target=...)`` became ``conflict.roadmap(to=...)`` (``standoff roadmap --to``):
the old name keeps working and says, with a :class:`DeprecationWarning`, what to write instead.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


def renamed(**new_names: str) -> Callable[[F], F]:
    """A decorator: each keyword ``old=`` of ``new_names`` (old name -> new name) is passed on as the
    new one, with a DeprecationWarning; giving both is an error."""

    def decorate(function: F) -> F:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            for old, new in new_names.items():
                if old not in kwargs:
                    continue
                if new in kwargs:
                    raise TypeError(
                        f"{function.__name__}() got both {old}= and {new}=; {old} is the old name of {new}"
                    )
                warnings.warn(
                    f"{function.__name__}({old}=...) is now {function.__name__}({new}=...), the name the "
                    f"command line uses; {old}= will be removed in a later version",
                    DeprecationWarning,
                    stacklevel=2,
                )
                kwargs[new] = kwargs.pop(old)
            return function(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate
