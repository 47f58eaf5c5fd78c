"""The wheel ships the content and the console script; the package runs as `python -m famsupport_cli`."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

import famsupport_cli

PROJECT = Path(__file__).resolve().parents[1]
CONTENT_IN_WHEEL = [
    "famsupport_cli/content_data/checklists/decide.yaml",
    "famsupport_cli/content_data/checklists/reflect.yaml",
    "famsupport_cli/content_data/recommendations.yaml",
    "famsupport_cli/content_data/sources.yaml",
    "famsupport_cli/content_data/ui.yaml",
]


def _clean_env(tmp_path: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("FAMSUPPORT_", "PYTHON"))}
    env["FAMSUPPORT_HOME"] = str(tmp_path / "home")
    return env


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel from a copy of the project, so the working tree is left alone."""
    root = tmp_path_factory.mktemp("project")
    for name in ("src", "content", "schemas"):
        shutil.copytree(PROJECT / name, root / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(PROJECT / name, root / name)
    out = root / "dist"
    completed = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(root)],
        capture_output=True,
        text=True,
        timeout=280,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    wheels = list(out.glob("famsupport-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.mark.timeout(300)
def test_wheel_ships_the_content(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for name in CONTENT_IN_WHEEL:
            assert name in names, name
            assert archive.read(name) == (PROJECT / "content" / name.removeprefix("famsupport_cli/content_data/")).read_bytes()
        assert "famsupport_cli/__init__.py" in names
        assert "famsupport_cli/cli.py" in names


@pytest.mark.timeout(300)
def test_wheel_ships_the_schemas_and_its_type_marker(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for schema in sorted((PROJECT / "schemas").glob("*.json")):
            assert archive.read(f"famsupport_cli/schemas/{schema.name}") == schema.read_bytes()
        assert "famsupport_cli/py.typed" in names
        metadata = archive.read(next(name for name in names if name.endswith(".dist-info/METADATA"))).decode("utf-8")
    for version in ("3.11", "3.12", "3.13"):
        assert f"Classifier: Programming Language :: Python :: {version}" in metadata
    assert "Requires-Dist: typer>=" in metadata
    assert "<" not in "".join(line for line in metadata.splitlines() if line.startswith("Requires-Dist: typer"))
    # The project's addresses are the two RAN papers it is built on, as the content names them.
    papers = [
        source["url"]
        for source in yaml.safe_load((PROJECT / "content" / "sources.yaml").read_text(encoding="utf-8"))["sources"]
        if source["kind"] == "paper"
    ]
    addresses = [line.split(", ", 1)[1] for line in metadata.splitlines() if line.startswith("Project-URL: ")]
    assert len(papers) == 2
    assert addresses == papers


@pytest.mark.timeout(300)
def test_installed_wheel_points_editors_at_schemas_that_exist(wheel: Path, tmp_path: Path) -> None:
    """The shipped YAML's `$schema` comments, and those of a pack `content init` writes, resolve inside the installed wheel."""
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    for path in [*(site / "famsupport_cli" / "content_data").glob("*.yaml"), *(site / "famsupport_cli" / "content_data").glob("*/*.yaml")]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        if first.startswith("# yaml-language-server: $schema="):
            assert (path.parent / first.split("$schema=", 1)[1]).resolve().is_file(), path
    code = "from famsupport_cli.io.packs import init_pack\nfrom pathlib import Path\ninit_pack(Path('pack'), force=False)\n"
    env = _clean_env(tmp_path)
    env["PYTHONPATH"] = str(site)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path, check=False, timeout=60)
    assert done.returncode == 0, done.stderr
    pointers = [path.read_text(encoding="utf-8").splitlines()[0] for path in (tmp_path / "pack").rglob("*.yaml")]
    assert pointers, "content init wrote no YAML"
    for first in pointers:
        assert first.startswith("# yaml-language-server: $schema="), first
        target = Path(first.split("$schema=", 1)[1])
        assert target.is_file() and target.is_relative_to(site), target


@pytest.mark.timeout(300)
def test_wheel_declares_the_console_script(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        entry_points = next(name for name in archive.namelist() if name.endswith(".dist-info/entry_points.txt"))
        parser = configparser.ConfigParser()
        parser.read_string(archive.read(entry_points).decode("utf-8"))
    assert parser["console_scripts"]["famsupport"].replace(" ", "") == "famsupport_cli.cli:main"
    assert wheel.name.startswith(f"famsupport-{famsupport_cli.__version__}-")


@pytest.mark.timeout(300)
def test_installed_wheel_finds_its_own_content(wheel: Path, tmp_path: Path) -> None:
    # Unpacked on its own (no checkout next to it), the package must load the content inside it.
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    code = (
        "import famsupport_cli, sys\n"
        "from famsupport_cli.checks.content import load_bundle\n"
        "from famsupport_cli.content.loader import shipped_content_dir\n"
        f"assert famsupport_cli.__file__.startswith({str(site)!r}), famsupport_cli.__file__\n"
        "root = shipped_content_dir()\n"
        "assert root.name == 'content_data', root\n"
        "print(sorted(load_bundle().checklists))\n"
    )
    env = _clean_env(tmp_path)
    env["PYTHONPATH"] = str(site)  # ahead of the editable install of the checkout
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path, check=False, timeout=60)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "['decide', 'reflect']"


def test_python_m_famsupport_cli_help(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "famsupport_cli", "--help"],
        capture_output=True,
        text=True,
        env=_clean_env(tmp_path),
        check=False,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    for command in ("decide", "reflect", "template", "recommendations"):
        assert command in completed.stdout
    assert "Traceback" not in completed.stderr


def test_python_m_famsupport_cli_version(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "famsupport_cli", "--version"],
        capture_output=True,
        text=True,
        env=_clean_env(tmp_path),
        check=False,
        timeout=60,
    )
    assert completed.returncode == 0
    assert completed.stdout.strip() == f"famsupport {famsupport_cli.__version__}"
