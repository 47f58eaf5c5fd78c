"""The journal: `famsupport history` and `famsupport show`, and the famsupport folder kept private."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from conftest import RunCli
from helpers import GOLDEN_DIR

DIGITAL = GOLDEN_DIR / "decide-digital.yaml"
OVERRIDE = GOLDEN_DIR / "decide-override.yaml"
REFLECT = GOLDEN_DIR / "reflect-no-peer-space.yaml"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def prepare(run: RunCli, command: str, answers: Path, date: str, *extra: str) -> Path:
    result = run(command, "--answers", answers, "--no-input", "--date", date, *extra)
    assert result.exit_code == 0, result.stderr
    return Path(result.stdout.strip())


def history(run: RunCli, *args: str) -> list[dict[str, Any]]:
    result = run("history", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert isinstance(data, list)
    return data


@pytest.fixture
def journal(run: RunCli) -> dict[str, Path]:
    """Four summaries, written out of order and in two time zones."""
    return {
        "reflect": prepare(run, "reflect", REFLECT, "2026-11-21T12:00:00+01:00"),
        "early": prepare(run, "decide", DIGITAL, "2026-11-20T09:00:00+01:00"),
        # 10:30 UTC is 11:30 in Paris: after "override" (11:00 +01:00) although its clock reads earlier.
        "utc": prepare(run, "decide", DIGITAL, "2026-11-21T10:30:00+00:00", "--format", "json"),
        "override": prepare(run, "decide", OVERRIDE, "2026-11-21T11:00:00+01:00"),
    }


def test_history_lists_newest_first_with_kind_recommendation_and_path(run: RunCli, journal: dict[str, Path]) -> None:
    entries = history(run)
    assert [entry["path"] for entry in entries] == [str(journal[name]) for name in ("reflect", "utc", "override", "early")]
    assert [entry["number"] for entry in entries] == [1, 2, 3, 4]
    reflect, utc, override, _ = entries
    assert reflect["kind"] == "reflect" and reflect["recommendations"] and reflect["final_format"] is None
    assert utc["kind"] == "decide" and utc["final_format"] == "digital" and utc["date"] == "2026-11-21T10:30:00+00:00"
    assert override["recommendation"] == "digital" and override["final_format"] == "in-person" and override["overridden"] is True
    assert all(entry["problem"] is None for entry in entries)

    text = run("history").stdout
    lines = [line for line in text.splitlines() if line.strip()[:1].isdigit()]
    assert len(lines) == 4
    assert "2026-11-21 12:00" in lines[0] and "reflect" in lines[0]
    assert "Meet in person" in text and "recommended: Meet online" in text  # the override, in the content's words
    assert journal["early"].name in text


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_history_shows_file_names_and_names_their_folder_once(run: RunCli, journal: dict[str, Path], columns: int) -> None:
    """A whole path took four lines of every row at 80 columns: the table holds names, the folder comes once under it."""
    text = run("history", env={"COLUMNS": str(columns)}).stdout
    lines = text.splitlines()
    assert all(len(line.rstrip()) <= columns for line in lines), text
    folder = journal["early"].parent
    assert "".join(text.split()).count(str(folder)) == 1, text
    assert "famsupport show NUMBER" in " ".join(text.split())
    for path in journal.values():
        if columns >= 80:  # whole, at the end of its row
            assert any(line.rstrip().endswith(f"  {path.name}") for line in lines), (path.name, text)
        else:  # folded in its column, but every character kept
            start = next(line for line in lines if line.startswith("#")).index("File")
            assert path.name in "".join(line[start:].strip() for line in lines if not line.startswith("In ")), (path.name, text)


def test_history_filters_keep_the_numbers_show_uses(run: RunCli, journal: dict[str, Path]) -> None:
    decides = history(run, "--kind", "decide")
    assert [entry["number"] for entry in decides] == [2, 3, 4]
    assert {entry["kind"] for entry in decides} == {"decide"}
    assert [entry["path"] for entry in history(run, "--kind", "reflect")] == [str(journal["reflect"])]
    # Whole days: the date each summary recorded.
    assert [entry["number"] for entry in history(run, "--since", "2026-11-21")] == [1, 2, 3]
    # A moment: compared as moments, across time zones.
    assert [entry["number"] for entry in history(run, "--since", "2026-11-21T11:15:00+01:00")] == [1, 2]
    assert [entry["number"] for entry in history(run, "--since", "2026-11-21", "--kind", "decide")] == [2, 3]
    assert history(run, "--since", "2027-01-01") == []
    assert "No summaries match" in run("history", "--since", "2027-01-01").stderr


@pytest.mark.parametrize("since", ["yesterday", "2026-13-01", "21/11/2026"])
def test_history_refuses_a_since_that_is_not_a_date(run: RunCli, since: str) -> None:
    result = run("history", "--since", since)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error:") and since in result.stderr


def test_an_empty_journal(run: RunCli, famsupport_home: Path) -> None:
    assert history(run) == []
    result = run("history")
    assert result.exit_code == 0
    assert "No summaries" in result.stderr and str(famsupport_home) in result.stderr
    assert not famsupport_home.joinpath("summaries").exists()  # reading creates nothing


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("notes.md", "just some notes\n", "front matter"),
        ("2026-11-21-080000-decide.md", "---\nfamsupport: 1\nkind: decide\ndate: [\n---\n", "not valid YAML"),
        ("2026-11-21-080000-decide.md", "---\nkind: decide\n---\n", "not a famsupport summary"),
        ("2026-11-21-080000-decide.md", "---\nfamsupport: 1\nkind: decide\ndate: soon\n---\n", "is not a date"),
        ("2026-11-21-080000-decide.md", "---\nfamsupport: 1\ndate: '2026-11-21'\n", "no closing"),
        ("2026-11-21-080000-decide.json", '{"famsupport": 1, "kind": ', "not valid JSON"),
        ("2026-11-21-080000-decide.json", "[1, 2]", "not a famsupport summary"),
        ("2026-11-21-080000-decide.md", b"---\n\xff\xfe\n---\n", "UTF-8"),
    ],
    ids=["no-front-matter", "bad-yaml", "not-famsupport", "bad-date", "unclosed", "bad-json", "json-list", "not-utf8"],
)
def test_a_damaged_summary_is_listed_with_a_note(
    run: RunCli, journal: dict[str, Path], famsupport_home: Path, name: str, content: str | bytes, problem: str
) -> None:
    damaged = famsupport_home / "summaries" / name
    if isinstance(content, bytes):
        damaged.write_bytes(content)
    else:
        damaged.write_text(content)
    entries = history(run)
    assert len(entries) == 5
    found = next(entry for entry in entries if entry["path"] == str(damaged))
    assert problem in found["problem"]
    result = run("history")
    assert result.exit_code == 0
    assert "cannot be read" in result.stdout
    assert problem.split(maxsplit=1)[0] in result.stdout
    # Filters keep it unless what could be read shows it does not match.
    kind = found["kind"] or "reflect"
    assert str(damaged) in {entry["path"] for entry in history(run, "--kind", kind, "--since", "2030-01-01")}
    # `decide` still counts the readable ones.
    assert run("decide", "--answers", DIGITAL, "--no-input", "--output", "-").exit_code == 0


@pytest.mark.parametrize(
    ("content", "german"),
    [
        ("just some notes\n", "sie beginnt nicht mit dem Metadaten-Kopfbereich von famsupport (---)"),
        (
            "---\nfamsupport: 1\nfamsupport: 2\nkind: decide\n---\n",  # lines as an editor counts them, the opening --- included
            "ihr Metadaten-Kopfbereich ist kein gültiges YAML (Zeile 3: der Schlüssel 'famsupport' kommt zweimal vor (zuerst in Zeile 2))",
        ),
        ("---\nkind: decide\n---\n", "sie ist keine Zusammenfassung von famsupport (kein `famsupport:` im Metadaten-Kopfbereich)"),
        ("---\nfamsupport: 1\nkind: decide\ndate: soon\n---\n", "ihr Datum 'soon' ist kein Datum"),
        ("---\nfamsupport: 1\nkind: decide\n---\n", "ihr Metadaten-Kopfbereich hat kein `date`"),
        ("---\nfamsupport: 1\ndate: '2026-11-21'\n---\n", "ihr Metadaten-Kopfbereich hat kein `kind`"),
        ("---\nfamsupport: 1\ndate: '2026-11-21'\n", "ihr Metadaten-Kopfbereich hat kein schließendes ---"),
        (b"---\n\xff\xfe\n---\n", "kein UTF-8-Text"),
    ],
    ids=["no-front-matter", "key-twice", "not-famsupport", "bad-date", "no-date", "no-kind", "unclosed", "not-utf8"],
)
def test_a_damaged_summary_is_described_in_the_practitioners_language(
    run: RunCli, journal: dict[str, Path], famsupport_home: Path, content: str | bytes, german: str
) -> None:
    damaged = famsupport_home / "summaries" / "2026-11-21-080000-decide.md"
    if isinstance(content, bytes):
        damaged.write_bytes(content)
    else:
        damaged.write_text(content)
    [found] = [entry for entry in history(run, "--lang", "de") if entry["path"] == str(damaged)]
    assert found["problem"] == german
    shown = run("show", damaged.name, "--lang", "de")
    if isinstance(content, bytes):  # not text at all: show has nothing to show
        assert shown.exit_code == 2 and shown.stderr.startswith(f"Fehler: Die Zusammenfassung {damaged} ist kein UTF-8-Text."), shown.stderr
        return
    assert shown.exit_code == 0, shown.output
    assert shown.stderr == f"Hinweis: {damaged} ist keine lesbare Zusammenfassung von famsupport: {german}.\n"


def test_a_damaged_json_summary_is_described_in_the_practitioners_language(run: RunCli, famsupport_home: Path) -> None:
    damaged = famsupport_home / "summaries" / "2026-11-21-080000-decide.json"
    damaged.parent.mkdir(parents=True)
    damaged.write_text('{"famsupport": 1,\n "kind": ')
    [found] = history(run, "--lang", "fr")
    # Python's own words for what is wrong follow, as they are: only where they stand is asserted.
    assert found["problem"].startswith("ce n'est pas du JSON valide (ligne 2\u00a0: "), found


def test_show_by_number_name_and_path_prints_the_file_as_it_is(run: RunCli, journal: dict[str, Path]) -> None:
    for item in ("3", journal["override"].name, str(journal["override"])):
        result = run("show", item)
        assert result.exit_code == 0, result.stderr
        assert result.stdout == journal["override"].read_text()
    assert run("show", "2").stdout == journal["utc"].read_text()  # a JSON summary


@pytest.mark.parametrize("item", ["0", "5", "no-such-summary.md", "../config.yaml"])
def test_show_something_that_is_not_in_the_journal_exits_2(run: RunCli, journal: dict[str, Path], item: str) -> None:
    result = run("show", item)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error:")
    assert "famsupport history" in result.stderr


def test_show_a_damaged_summary_says_so_and_still_shows_it(run: RunCli, famsupport_home: Path, journal: dict[str, Path]) -> None:
    damaged = famsupport_home / "summaries" / "broken.md"
    damaged.write_text("half a summary\n")
    result = run("show", "broken.md")
    assert result.exit_code == 0
    assert result.stdout == "half a summary\n"
    assert "not a readable famsupport summary" in result.stderr


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_journal_is_private_and_loose_permissions_are_tightened_on_write(run: RunCli, famsupport_home: Path) -> None:
    first = prepare(run, "decide", DIGITAL, "2026-11-21T09:00:00+01:00")
    summaries = famsupport_home / "summaries"
    assert (_mode(famsupport_home), _mode(summaries), _mode(first)) == (0o700, 0o700, 0o600)
    famsupport_home.chmod(0o755)
    summaries.chmod(0o755)
    first.chmod(0o644)
    listed = run("history")
    assert "can be read by other people" in listed.stderr  # reading only warns
    assert _mode(first) == 0o644
    result = run("decide", "--answers", DIGITAL, "--no-input", "--date", "2026-11-21T10:00:00+01:00")
    assert result.exit_code == 0
    assert result.stderr.count("readable by you alone") == 3
    assert (_mode(famsupport_home), _mode(summaries), _mode(first)) == (0o700, 0o700, 0o600)
    assert "can be read by other people" not in run("history").stderr


def test_show_into_a_pipe_leaves_out_control_characters_and_keeps_the_text(run: RunCli, famsupport_home: Path) -> None:
    planted = famsupport_home / "summaries" / "planted.md"
    planted.parent.mkdir(parents=True, exist_ok=True)
    planted.write_text("Grüße \x1b]52;c;eA==\x07written \u202eby hand\r\nline two\n")
    result = run("show", "planted.md")
    assert result.exit_code == 0
    assert result.stdout == "Grüße written by hand\nline two\n"  # the whole clipboard sequence goes, not only its ESC


def test_history_names_a_reflection_s_recommendations_by_their_titles_not_ids(run: RunCli) -> None:
    from famsupport_cli.checks.content import load_bundle

    prepare(run, "reflect", REFLECT, "2026-11-21T12:00:00+01:00")
    [entry] = history(run)
    titles = {item.id: item.title for item in load_bundle().recommendations.recommendations}
    text = " ".join(run("history").stdout.split())  # the table wraps its cells
    assert entry["recommendations"], entry
    for recommendation in entry["recommendations"]:
        assert titles[recommendation].split()[0] in text
        assert recommendation not in text
