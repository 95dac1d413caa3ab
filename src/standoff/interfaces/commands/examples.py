"""``standoff examples``: the example models shipped with standoff, which every command reads by name."""

from __future__ import annotations

from standoff.interfaces.cli import Command, OutputOption, TableOrJsonOption, _print_json, app, user_errors
from standoff.interfaces.output import emit


@app.command(cls=Command)
def examples(format: TableOrJsonOption = "table", output: OutputOption = None) -> None:
    """List the example models shipped with standoff: any command reads one by its name.

    Examples:

      standoff examples

      standoff analyze elmira

      standoff explain hanoi-2019 status_quo
    """
    from standoff.io import load
    from standoff.io.examples import examples as shipped

    with user_errors():
        found = [(name, path, load(path).name) for name, path in shipped().items()]
        if format == "json":
            _print_json([{"name": n, "file": str(p), "title": t} for n, p, t in found], output)
            return
        width = max((len(n) for n, _, _ in found), default=0)
        lines = [f"{n:<{width}}  {t}" for n, _, t in found]
        folder = found[0][1].parent if found else None
        where = f"The files are in {folder}." if folder else "No examples are installed."
        emit(
            "\n".join([*lines, "", f"Read one by its name, e.g. standoff analyze elmira. {where}"]) + "\n",
            output,
            plain=True,
        )
