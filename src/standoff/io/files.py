r"""Reading a model file's text, the same for every format: missing, binary and undecodable files
become :class:`~standoff.errors.ModelError`\ s that name the file."""

from __future__ import annotations

from pathlib import Path

from standoff.errors import ModelError

__all__ = ["read_text"]


def read_text(path: Path, file: str) -> str:
    """The file's text (UTF-8, with or without a byte order mark); unreadable files are ModelErrors."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        from standoff.io.examples import example_hint

        raise ModelError("no such file" + example_hint(file), file=file) from None
    except IsADirectoryError:
        raise ModelError("is a directory, not a model file", file=file) from None
    except OSError as error:
        raise ModelError(f"cannot read the file: {error.strerror or error}", file=file) from None
    if b"\x00" in raw[:65536]:
        raise ModelError("is a binary file, not a model file (it contains NUL bytes)", file=file)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        raise ModelError(
            f"is not UTF-8 text: byte 0x{raw[error.start]:02x} cannot be decoded (save the file as UTF-8)",
            file=file,
            line=line,
            column=column,
        ) from None
