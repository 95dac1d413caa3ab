"""``standoff serve``: the web app on this machine, with the models given listed on its start page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from standoff.interfaces.cli import Command, _fail, app

WEB_HINT = "pip install 'standoff[web]'"
LOOPBACK_NAMES = ["127.0.0.1", "localhost", "::1", "[::1]"]
TIME_LIMIT = 120.0
QUEUE = 32
"""The defaults of :mod:`standoff.interfaces.web.workers`, repeated (a test checks them): importing
them would load the web framework for every command."""


@app.command(cls=Command)
def serve(
    models: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="MODEL",
            help="Model files to list on the start page (.yaml/.yml/.json or .gmcr), beside the examples.",
            show_default=False,
        ),
    ] = None,
    host: Annotated[
        str,
        typer.Option(
            "--host",
            metavar="ADDRESS",
            help="The address to listen on; the default keeps it on this machine.",
        ),
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", "-p", min=0, max=65535, metavar="PORT", help="The port.")
    ] = 8000,
    open_browser: Annotated[
        bool, typer.Option("--open", metavar="", help="Open the start page in the web browser.")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", metavar="", help="Print no request log, only errors.")
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            max=256,
            metavar="N",
            help="Worker processes: analyses that run at once.",
            show_default="one per core",
        ),
    ] = None,
    time_limit: Annotated[
        float,
        typer.Option(
            "--time-limit",
            min=0,
            metavar="SECONDS",
            help="Stop an analysis that runs longer, and answer with an error (0: no limit).",
        ),
    ] = TIME_LIMIT,
    memory_budget: Annotated[
        str | None,
        typer.Option(
            "--memory-budget",
            metavar="SIZE",
            help="Memory the running analyses may take together (by their estimates), e.g. 8GB; "
            "others wait for their turn.",
            show_default="three quarters of physical memory",
        ),
    ] = None,
    queue: Annotated[
        int,
        typer.Option(
            "--queue",
            min=1,
            max=10_000,
            metavar="N",
            help="Analyses that may wait for a worker; more are refused (503, try again).",
        ),
    ] = QUEUE,
    token: Annotated[
        bool | None,
        typer.Option(
            "--token/--no-token",
            metavar="",
            help="Ask every request for a random token (printed in the address); "
            "the default asks for one unless --host is this machine.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """The web app: edit a model with live analysis, the stability table, the state graph, roadmaps.

    Serves the pages and the API (/api, described at /openapi.json) until
    stopped with Ctrl+C. Everything runs on this machine: the pages load
    nothing from the internet. Needs the optional packages of
    pip install 'standoff\\[web]'. Analyses run in worker processes, each
    stopped past the time limit. With --host other than this machine, every
    request must carry a token, printed in the address.

    Examples:

      standoff serve

      standoff serve examples/garrison.yaml conflict.gmcr --open

      standoff serve --port 8080

      standoff serve --workers 4 --time-limit 300 --memory-budget 16GB

      standoff serve --host 0.0.0.0
    """
    from importlib.util import find_spec

    missing = [name for name in ("fastapi", "uvicorn") if find_spec(name) is None]
    if missing:
        _fail(
            f"standoff serve needs {', '.join(missing)}, which {'is' if len(missing) == 1 else 'are'} "
            f"not installed: {WEB_HINT}"
        )
    from standoff.interfaces.web.app import MISSING_VIS_NETWORK, VIS_NETWORK

    if not VIS_NETWORK.is_file():
        _fail(MISSING_VIS_NETWORK)
    given = list(models or [])
    for path in given:
        if not path.is_file():
            _fail(f"{path}: no such file")
    from standoff.engine.estimate import parse_size

    try:
        budget = parse_size(memory_budget) if memory_budget is not None else None
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="'--memory-budget'") from None
    import uvicorn

    from standoff.interfaces.web import create_app
    from standoff.interfaces.web.security import new_token

    loopback = host in LOOPBACK_NAMES
    secret = new_token() if (token if token is not None else not loopback) else None
    if not loopback:
        typer.echo(
            f"warning: --host {host} lets other machines reach the server; "
            + ("each request must carry the token below" if secret else "with --no-token, anyone can use it"),
            err=True,
        )
    application = create_app(
        given,
        allowed_hosts=LOOPBACK_NAMES if loopback else None,
        workers=workers,
        time_limit=time_limit or None,
        memory_budget=budget,
        queue=queue,
        token=secret,
    )
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/" + (f"?token={secret}" if secret else "")
    typer.echo(f"standoff serves {url} (Ctrl+C stops it)", err=True)
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    uvicorn.run(application, host=host, port=port, log_level="warning" if quiet else "info")
