"""`famsupport batch`: many answers files, one summary each; a bad file is reported and does not stop the others."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import RunCli
from helpers import GOLDEN_DIR, front_matter, load_golden


@pytest.fixture
def group(tmp_path: Path) -> Path:
    """Three good decide answers files (YAML and JSON) and three bad ones."""
    folder = tmp_path / "group"
    folder.mkdir()
    (folder / "a-digital.yaml").write_text((GOLDEN_DIR / "decide-digital.yaml").read_text())
    (folder / "b-first-contact.yml").write_text((GOLDEN_DIR / "decide-hybrid-first-contact.yaml").read_text())
    (folder / "c-shared.json").write_text(json.dumps(load_golden("decide-in-person-shared-devices.yaml")))
    invalid = load_golden("decide-digital.yaml") | {"video_comfort": 9}
    (folder / "d-invalid-value.json").write_text(json.dumps(invalid))
    (folder / "e-missing.yaml").write_text("preferred_format: digital\n")
    (folder / "f-broken.yaml").write_text("preferred_format: [digital\nvideo_comfort: 3\n")
    (folder / "notes.txt").write_text("not an answers file: ignored\n")
    return folder


def test_good_and_bad_files_mixed(run: RunCli, group: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("batch", "decide", group, "--output-dir", out, "--date", "2026-11-21")
    assert result.exit_code == 2, result.output  # some files had invalid input
    assert sorted(path.name for path in out.iterdir()) == ["a-digital.md", "b-first-contact.md", "c-shared.md"]
    for name, expected in (("a-digital.md", "digital"), ("b-first-contact.md", "hybrid"), ("c-shared.md", "in-person")):
        path = out / name
        assert (path.stat().st_mode & 0o777) == 0o600
        meta = front_matter(path.read_text())
        assert meta["recommendation"] == expected
        assert meta["date"] == "2026-11-21T00:00:00+00:00"
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 3  # one error line per bad file, each naming it
    for name in ("d-invalid-value.json", "e-missing.yaml", "f-broken.yaml"):
        assert sum(name in line for line in errors) == 1, name
    assert "video_comfort: 9 is out of range" in result.stderr
    assert "not valid YAML" in result.stderr
    # The table on stdout: every file with its result or its error.
    rows = dict(line.split("\t", 1) for line in result.stdout.splitlines())
    assert rows[str(group / "a-digital.yaml")] == "Meet online"
    assert rows[str(group / "c-shared.json")] == "Meet in person"
    assert rows[str(group / "e-missing.yaml")].startswith("failed: ")
    assert len(rows) == 6
    assert "3 of 6 summaries written" in result.stderr


def test_all_good_exits_0_and_json_summaries(run: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    files = [GOLDEN_DIR / "decide-digital.yaml", GOLDEN_DIR / "decide-override.yaml"]
    result = run("batch", "decide", *files, "--output-dir", out, "--format", "json", "--date", "2026-11-21")
    assert result.exit_code == 0, result.stderr
    data = json.loads((out / "decide-override.json").read_text())
    assert (data["recommendation"], data["final_format"]) == ("digital", "in-person")
    assert "Meet online → Meet in person" in result.stdout
    assert data["findings"]["agreements"] == [item["id"] for item in data["agreements"]]


def test_reflect_batch_counts_recommendations(run: RunCli, tmp_path: Path) -> None:
    result = run("batch", "reflect", GOLDEN_DIR / "reflect-digital-session.yaml", "--output-dir", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip().endswith("\t4 recommendations")  # role, watched, macro, and two-way (the screen made it harder)


def test_the_same_answers_give_byte_identical_summaries(run: RunCli, group: Path, tmp_path: Path) -> None:
    first = run("batch", "decide", group, "--output-dir", tmp_path / "out", "--date", "2026-11-21")
    before = {path.name: path.read_bytes() for path in (tmp_path / "out").iterdir()}
    again = run("batch", "decide", group, "--output-dir", tmp_path / "out", "--date", "2026-11-21", "--force")
    assert first.exit_code == again.exit_code == 2
    assert {path.name: path.read_bytes() for path in (tmp_path / "out").iterdir()} == before


def test_source_date_epoch_fixes_the_date(run: RunCli, tmp_path: Path) -> None:
    result = run("batch", "decide", GOLDEN_DIR / "decide-digital.yaml", "--output-dir", tmp_path, env={"SOURCE_DATE_EPOCH": "1800000000"})
    assert result.exit_code == 0, result.stderr
    assert front_matter((tmp_path / "decide-digital.md").read_text())["date"] == "2027-01-15T08:00:00+00:00"


def test_existing_summaries_are_kept_without_force(run: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "decide-digital.md").write_text("mine\n")
    result = run("batch", "decide", GOLDEN_DIR / "decide-digital.yaml", GOLDEN_DIR / "decide-override.yaml", "--output-dir", out)
    assert result.exit_code == 2
    assert (out / "decide-digital.md").read_text() == "mine\n"
    assert (out / "decide-override.md").is_file()
    assert "already exists" in result.stderr
    forced = run("batch", "decide", GOLDEN_DIR / "decide-digital.yaml", "--output-dir", out, "--force")
    assert forced.exit_code == 0
    assert (out / "decide-digital.md").read_text().startswith("---\n")


def test_two_files_with_the_same_name_are_not_written_over_each_other(run: RunCli, tmp_path: Path) -> None:
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "p1.yaml").write_text((GOLDEN_DIR / "decide-digital.yaml").read_text())
    result = run("batch", "decide", tmp_path / "one", tmp_path / "two", "--output-dir", tmp_path / "out", "--force")
    assert result.exit_code == 2
    assert "has the same name as" in result.stderr
    assert [path.name for path in (tmp_path / "out").iterdir()] == ["p1.md"]


def test_a_missing_path_and_an_empty_folder_are_reported(run: RunCli, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = run(
        "batch",
        "decide",
        tmp_path / "nothere.yaml",
        tmp_path / "empty",
        GOLDEN_DIR / "decide-digital.yaml",
        "--output-dir",
        tmp_path / "out",
    )
    assert result.exit_code == 2
    assert "nothere.yaml does not exist" in result.stderr
    assert "no files (*.yaml, *.yml, *.json) in this folder" in result.stderr
    assert (tmp_path / "out" / "decide-digital.md").is_file()


def test_a_failure_that_is_not_the_input_exits_1(run: RunCli, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file, not a folder\n")
    result = run("batch", "decide", GOLDEN_DIR / "decide-digital.yaml", "--output-dir", blocker / "out")
    assert result.exit_code == 1
    assert "Cannot create the folder" in result.stderr


def test_unknown_checklist_is_invalid_input(run: RunCli, tmp_path: Path) -> None:
    result = run("batch", "nosuch", GOLDEN_DIR / "decide-digital.yaml", "--output-dir", tmp_path / "out")
    assert result.exit_code == 2
    assert "no checklist 'nosuch'" in result.stderr
    assert not (tmp_path / "out").exists()


def test_batch_never_prompts(run: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import famsupport_cli.app

    monkeypatch.setattr(famsupport_cli.app, "can_prompt", lambda no_input: True)
    (tmp_path / "half.yaml").write_text("preferred_format: digital\n")
    result = run("batch", "decide", tmp_path / "half.yaml", "--output-dir", tmp_path / "out")
    assert result.exit_code == 2
    assert "no questions can be asked here" in result.stderr


@pytest.mark.parametrize("command", [["batch"], ["report"], ["training", "list"], ["training", "show"], ["training", "run"]])
def test_each_training_command_has_help_with_an_example(command: list[str], run: RunCli) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Usage" in result.stdout and "Example: famsupport" in result.stdout


def test_batch_summaries_do_not_depend_on_the_practitioners_journal_or_agreements(tmp_path: Path, run: RunCli) -> None:
    """Trainers diff group runs: the machine's own journal and config must not leak into them."""
    source = tmp_path / "in"
    source.mkdir()
    (source / "p1.yaml").write_text((GOLDEN_DIR / "decide-digital.yaml").read_text())
    first = run("batch", "decide", str(source), "--output-dir", str(tmp_path / "a"), "--date", "2026-11-21T20:00:00+00:00")
    assert first.exit_code == 0, first.output
    assert run("config", "set", "working-hours", "09:00-17:00").exit_code == 0
    assert run("config", "set", "max-sessions-per-day", "1").exit_code == 0
    before = (tmp_path / "a" / "p1.md").read_bytes()
    second = run("batch", "decide", str(source), "--output-dir", str(tmp_path / "a"), "--date", "2026-11-21T20:00:00+00:00", "--force")
    assert second.exit_code == 0, second.output
    assert (tmp_path / "a" / "p1.md").read_bytes() == before  # same command, same bytes


def test_file_names_in_the_results_are_shown_visibly(run: RunCli, tmp_path: Path) -> None:
    folder = tmp_path / "group"
    folder.mkdir()
    (folder / "a\x1b]0;title\x07\u202e.yaml").write_text((GOLDEN_DIR / "decide-digital.yaml").read_text())
    result = run("batch", "decide", folder, "--output-dir", tmp_path / "out", "--date", "2026-11-21")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\u202e" not in result.output
    assert result.stdout == f"{folder}/a\\x1b]0;title\\x07<U+202E>.yaml\tMeet online\n"


def test_a_control_character_in_an_input_name_is_no_part_of_the_summary_s_name(run: RunCli, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "evil\x1b]0;title\x07\u202e\nfake.yaml").write_text((GOLDEN_DIR / "decide-digital.yaml").read_text())
    result = run("batch", "decide", folder, "--output-dir", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert [path.name for path in (tmp_path / "out").iterdir()] == ["evil_]0;title___fake.md"]
