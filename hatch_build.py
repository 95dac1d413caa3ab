"""Build hook: vis-network's standalone script, packed from the npm registry, built into the package.

The web app draws the state graph with vis-network (https://visjs.github.io/vis-network/). The
repository holds no copy of it: when a wheel, an editable install or an sdist is built, this hook
puts the pinned release's ``standalone/umd/vis-network.min.js`` and its two licence files in
``src/standoff/interfaces/web/vendor/`` (ignored by git), and the build takes them from there
(``artifacts`` in pyproject.toml). npm's own client packs the release (``npm pack``, from the
registry npm is set up with), or, without npm, the registry that ``npm_config_registry`` names
serves it; either way the tarball is checked against the integrity hash npm records for it. Once
fetched, the files are reused; an sdist carries them, so a wheel built from it needs neither npm nor
a network. ``STANDOFF_VIS_NETWORK_TGZ`` names a tarball already at hand, for building offline.
Without any of these the build goes on without the graph library, and ``standoff serve`` says how
to add it.
``python hatch_build.py`` fetches the files without building, for running from a source tree.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import shutil
import subprocess
import tarfile
import tempfile
import urllib.request
from pathlib import Path
from typing import Any

VERSION = "9.1.9"
"""The vis-network release the web app is written against."""

INTEGRITY = "sha512-Ft+hLBVyiLstVYSb69Q1OIQeh3FeUxHJn0WdFcq+BFPqs+Vq1ibMi2sb//cxgq1CP7PH4yOXnHxEH/B2VzpZYA=="
"""The npm registry's ``dist.integrity`` of that release's tarball (``npm view vis-network@9.1.9``)."""

MEMBERS = {
    "package/standalone/umd/vis-network.min.js": "vis-network.min.js",
    "package/LICENSE-MIT": "LICENSE-MIT",
    "package/LICENSE-APACHE-2.0": "LICENSE-APACHE-2.0",
}
"""Files taken from the tarball, and their names in the vendor folder."""

VENDOR = Path(__file__).resolve().parent / "src" / "standoff" / "interfaces" / "web" / "vendor"


def fetch_vis_network(vendor: Path = VENDOR) -> None:
    """Put the pinned vis-network files in ``vendor``, unless that release is there already."""
    marker = vendor / "VERSION"
    if (
        marker.is_file()
        and marker.read_text().strip() == VERSION
        and all((vendor / n).is_file() for n in MEMBERS.values())
    ):
        return
    tarball = _tarball()
    algorithm, expected = INTEGRITY.split("-", 1)
    if base64.b64encode(hashlib.new(algorithm, tarball).digest()).decode() != expected:
        raise RuntimeError(
            f"vis-network {VERSION}: the tarball does not match its integrity hash {INTEGRITY}"
        )
    vendor.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        for member, name in MEMBERS.items():
            extracted = archive.extractfile(member)
            if extracted is None:
                raise RuntimeError(f"vis-network {VERSION}: the tarball has no file {member}")
            (vendor / name).write_bytes(extracted.read())
    marker.write_text(VERSION + "\n")


def _tarball() -> bytes:
    """The release's tarball: the file ``STANDOFF_VIS_NETWORK_TGZ`` names, else the one npm's own client
    packs (``npm pack``, from the registry npm is set up with), else the one the registry named by
    ``npm_config_registry`` serves."""
    local = os.environ.get("STANDOFF_VIS_NETWORK_TGZ")
    if local:
        return Path(local).read_bytes()
    npm = shutil.which("npm")
    if npm is not None:
        with tempfile.TemporaryDirectory() as folder:
            packed = subprocess.run(
                [npm, "pack", f"vis-network@{VERSION}", "--silent", "--pack-destination", folder],
                capture_output=True,
                text=True,
                timeout=300,
            )
            tarballs = list(Path(folder).glob("vis-network-*.tgz"))
            if packed.returncode == 0 and tarballs:
                return tarballs[0].read_bytes()
    registry = os.environ.get("npm_config_registry") or os.environ.get(  # noqa: SIM112 - npm's own name
        "NPM_CONFIG_REGISTRY"
    )
    if registry:
        url = f"{registry.rstrip('/')}/vis-network/-/vis-network-{VERSION}.tgz"
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                return bytes(response.read())
        except OSError as error:
            raise RuntimeError(f"cannot fetch vis-network {VERSION} from {url}: {error}") from None
    raise RuntimeError(
        f"vis-network {VERSION}, which the web app draws the state graph with, needs npm to fetch it "
        f"('npm pack vis-network@{VERSION}'), npm_config_registry naming a registry, or "
        f"STANDOFF_VIS_NETWORK_TGZ naming the tarball 'npm pack vis-network@{VERSION}' makes"
    )


try:
    from hatchling.builders.hooks.plugin.interface import BuildHookInterface
except ImportError:  # run as a script, without hatchling
    pass
else:

    class VisNetworkHook(BuildHookInterface):  # type: ignore[type-arg]
        """Fetches vis-network before hatchling collects the files (see the module's docstring)."""

        PLUGIN_NAME = "custom"

        def initialize(self, version: str, build_data: dict[str, Any]) -> None:
            try:
                fetch_vis_network(Path(self.root) / "src" / "standoff" / "interfaces" / "web" / "vendor")
            except RuntimeError as error:  # standoff without its web graph still analyses; serve says so
                self.app.display_warning(f"standoff is built without the web app's graph library: {error}")


if __name__ == "__main__":
    fetch_vis_network()
    print(f"vis-network {VERSION} is in {VENDOR}")
