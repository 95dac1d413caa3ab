"""``standoff serve``: the web app on this machine, with the models given listed on its start page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from standoff.interfaces.cli import Command, _fail, app

WEB_HINT = "pip install 'standoff[web]'"
LOOPBACK_NAMES = ["127.0.0.1", "localhost", "::1", "[::1]"]


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
) -> None:
    """The web app: edit a model with live analysis, the stability table, the state graph, roadmaps.

    Serves the pages and the API (/api, described at /openapi.json) until
    stopped with Ctrl+C. Everything runs on this machine: the pages load
    nothing from the internet. Needs the optional packages of
    pip install 'standoff\\[web]'.

    Examples:

      standoff serve

      standoff serve examples/garrison.yaml conflict.gmcr --open

      standoff serve --port 8080
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
    import uvicorn

    from standoff.interfaces.web import create_app

    loopback = host in LOOPBACK_NAMES
    application = create_app(given, allowed_hosts=LOOPBACK_NAMES if loopback else None)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/"
    typer.echo(f"standoff serves {url} (Ctrl+C stops it)", err=True)
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    uvicorn.run(application, host=host, port=port, log_level="warning" if quiet else "info")
