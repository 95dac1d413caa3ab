"""The web app (``standoff serve``): an API over the library and the pages that use it, served by uvicorn.

Needs the optional packages of ``pip install 'standoff[web]'``: FastAPI and uvicorn; vis-network,
which draws the state graph, is built into the package (``vendor/``, see hatch_build.py). Nothing
here is imported by the command line until ``standoff serve`` runs.
"""

from standoff.interfaces.web.app import create_app

__all__ = ["create_app"]
