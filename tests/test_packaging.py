"""What an installed standoff carries: one version everywhere, and the example models by name."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import standoff
from standoff.interfaces import cli
from standoff.io.examples import example_hint, example_path, examples

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_the_changelog_names_the_version_of_pyproject() -> None:
    """The newest section of CHANGELOG.md is headed by the version pyproject.toml gives the package."""
    headings = re.findall(r"^## (\S+)", (ROOT / "CHANGELOG.md").read_text(), flags=re.MULTILINE)
    assert headings and headings[0] == PYPROJECT["project"]["version"]


def test_the_package_the_command_and_the_metadata_agree_on_the_version() -> None:
    try:
        installed = version("standoff")
    except PackageNotFoundError:
        pytest.skip("standoff is not installed here (pip install -e . installs it): no metadata to compare")
    assert installed == PYPROJECT["project"]["version"]
    assert standoff.__version__ == installed
    done = subprocess.run(
        [sys.executable, "-m", "standoff", "--version"], capture_output=True, text=True, check=True
    )
    assert done.stdout == f"standoff {installed}\n"


def test_every_example_model_is_offered_by_its_name() -> None:
    shipped = examples()
    assert sorted(shipped) == sorted(p.stem for p in (ROOT / "examples").glob("*.yaml"))
    for name, path in shipped.items():
        assert example_path(name) == path
    assert example_path("examples/elmira.yaml") is None  # a path is a path, never an example's name
    assert example_path("elmira.yaml") is None


def test_a_model_is_read_by_its_examples_name() -> None:
    by_name = standoff.load("elmira").analyze()
    by_file = standoff.load(ROOT / "examples" / "elmira.yaml").analyze()
    assert by_name.to_dict() == by_file.to_dict()


def test_a_missing_example_file_says_how_to_read_the_shipped_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no examples/ folder here, as after installing a wheel
    result = CliRunner().invoke(cli.app, ["analyze", "examples/elmira.yaml"])
    assert result.exit_code == 2
    assert "examples/elmira.yaml: no such file" in result.stderr
    assert "standoff analyze elmira" in result.stderr
    assert example_hint("examples/not-an-example.yaml") == ""
    ran = CliRunner().invoke(cli.app, ["analyze", "elmira", "--concepts", "nash", "--quiet"])
    assert ran.exit_code == 0 and "Elmira" in ran.stdout


def test_standoff_examples_lists_every_example_with_its_title() -> None:
    cli._register_commands()
    result = CliRunner().invoke(cli.app, ["examples"])
    assert result.exit_code == 0, result.stderr
    for name, path in examples().items():
        assert re.search(rf"^{re.escape(name)} +{re.escape(standoff.load(path).name)}$", result.stdout, re.M)


# -- vis-network, built into the package by hatch_build.py ---------------------------------------------


def _hook() -> Any:
    sys.path.insert(0, str(ROOT))
    try:
        import hatch_build
    finally:
        sys.path.remove(str(ROOT))
    return hatch_build


def test_the_build_hook_refuses_a_tarball_that_is_not_the_pinned_release(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import tarfile

    hook = _hook()
    forged = tmp_path / "vis-network.tgz"
    with tarfile.open(forged, "w:gz") as archive:
        script = b"/* not vis-network */"
        info = tarfile.TarInfo("package/standalone/umd/vis-network.min.js")
        info.size = len(script)
        archive.addfile(info, io.BytesIO(script))
    monkeypatch.setenv("STANDOFF_VIS_NETWORK_TGZ", str(forged))
    with pytest.raises(RuntimeError, match="does not match its integrity hash"):
        hook.fetch_vis_network(tmp_path / "vendor")
    assert not (tmp_path / "vendor").exists()


def test_the_build_hook_reuses_the_files_of_the_pinned_release(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hook = _hook()
    vendor = tmp_path / "vendor"
    vendor.mkdir()
    for name in hook.MEMBERS.values():
        (vendor / name).write_text("kept")
    (vendor / "VERSION").write_text(hook.VERSION + "\n")

    def no_network() -> bytes:
        raise AssertionError("fetched again")

    monkeypatch.setattr(hook, "_tarball", no_network)
    hook.fetch_vis_network(vendor)  # nothing fetched: the files are this release's
    (vendor / "VERSION").write_text("9.0.0\n")  # another release's files are replaced
    with pytest.raises(AssertionError, match="fetched again"):
        hook.fetch_vis_network(vendor)


def test_serve_without_vis_network_says_how_to_get_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("fastapi", reason="the web extra is not installed")
    from standoff.interfaces.web import app

    monkeypatch.setattr(app, "VIS_NETWORK", tmp_path / "vis-network.min.js")
    cli._register_commands()
    result = CliRunner().invoke(cli.app, ["serve", "--port", "1"])
    assert result.exit_code == 2
    assert "vis-network" in result.stderr and "python hatch_build.py" in result.stderr
