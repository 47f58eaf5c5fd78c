"""`famsupport content validate` and `content schema`, and the kept schema files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import RunCli
from famsupport_cli.content.loader import shipped_content_dir
from famsupport_cli.content.schema import SCHEMAS, schema_text

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schemas"


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_kept_schema_files_match_the_models(kind: str) -> None:
    kept = SCHEMA_DIR / SCHEMAS[kind][1]
    assert kept.read_text() == schema_text(kind), f"schemas/{kept.name} is out of date: famsupport content schema {kind} > {kept}"


def test_shipped_yaml_points_editors_at_the_kept_schemas() -> None:
    root = shipped_content_dir()
    for path in [*root.glob("*.yaml"), *root.glob("checklists/*.yaml")]:
        first = path.read_text().splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert target.is_file(), f"{path.name} points to {target}, which does not exist"


def test_validate_the_shipped_content_is_clean(run: RunCli) -> None:
    result = run("content", "validate")
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.stdout


def test_validate_reports_every_problem_with_file_and_line(tmp_path: Path, run: RunCli) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(shipped_content_dir(), pack)
    sources = pack / "sources.yaml"
    text = sources.read_text()
    sources.write_text(text.replace("  - id: famsupport-synthesis\n    kind: synthesis", "  - id: famsupport-synthesis\n    kind: made-up"))
    line = text.splitlines().index("  - id: famsupport-synthesis") + 2
    checklist = pack / "checklists" / "reflect.yaml"
    checklist.write_text(checklist.read_text().replace("id: reflect\n", "id: reflect\nsurprise: 1\n", 1))
    result = run("content", "validate", str(pack), "--format", "json")
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    places = {(p["file"], p["line"]) for p in report["problems"] if p["severity"] == "error"}
    assert (f"{pack}/sources.yaml", line) in places  # a pack's files are named by their full path
    assert any(file == f"{pack}/checklists/reflect.yaml" for file, _ in places)
    assert report["errors"] == len(places) >= 2


def test_schema_command_prints_json_schema(run: RunCli) -> None:
    result = run("content", "schema", "checklist")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "Checklist"
    assert "sections" in schema["properties"]


def test_content_show_as_json_gives_the_checklist_as_data(run: RunCli) -> None:
    result = run("content", "show", "decide", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["id"] == "decide"
    questions = [question for section in data["sections"] for question in section["questions"]]
    preferred = next(question for question in questions if question["id"] == "preferred_format")
    assert preferred["prompt"] == "How would the family member prefer to meet?"
    assert {option["value"] for option in preferred["options"]} >= {"in-person", "hybrid", "digital"}


def test_content_show_as_json_follows_the_language(run: RunCli) -> None:
    english = json.loads(run("content", "show", "decide", "--format", "json").stdout)
    german = json.loads(run("content", "show", "decide", "--format", "json", "--lang", "de").stdout)
    assert german["title"] != english["title"]
    assert german["sections"][0]["id"] == english["sections"][0]["id"]


def test_content_show_recommendations_as_json(run: RunCli) -> None:
    result = run("content", "show", "recommendations", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["recommendations"] and {level["id"] for level in data["levels"]} >= {"personal", "organisational", "macro"}
