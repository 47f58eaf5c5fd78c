"""The console script as a person meets it: a bare `famsupport`, Click's own usage errors, placeholders, completion.

Each test runs the installed `famsupport` (its `main`) in a fresh process, as from a shell.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.timeout(60)

FAMSUPPORT = Path(sys.executable).with_name("famsupport")


def _run(argv: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("FAMSUPPORT_", "LC_", "LANG"))}
    environment.update({"FAMSUPPORT_HOME": str(tmp_path / "home"), "NO_COLOR": "1", "COLUMNS": "100", **env})
    return subprocess.run([str(FAMSUPPORT), *argv], capture_output=True, text=True, env=environment, timeout=50, check=False)


def test_a_bare_famsupport_shows_the_overview_and_succeeds(tmp_path: Path) -> None:
    done = _run([], tmp_path)
    assert done.returncode == 0, done.stderr
    for command in ("decide", "reflect", "template", "batch", "content"):
        assert command in done.stdout
    assert done.stderr == ""


@pytest.mark.parametrize(
    ("argv", "env", "expected"),
    [
        (["decide", "--bogus"], {}, ["Error: There is no option --bogus.", "Hint: 'famsupport decide --help'"]),
        (["decide", "--lang", "de", "--bogus"], {}, ["Fehler: Die Option --bogus gibt es nicht."]),
        (["decide", "--bogus"], {"LANG": "fr_FR.UTF-8"}, ["Erreur\u00a0: L'option --bogus n'existe pas."]),
        (["batch"], {}, ["Error: 'CHECKLIST' is missing.", "Hint: 'famsupport batch --help'"]),
        (["decide", "--output"], {}, ["Error: --output needs a value."]),
        (["decid"], {}, ["Error: There is no command 'decid'.", "Hint: Did you mean decide?"]),
        (
            ["content", "valdate"],
            {"LANG": "de_DE.UTF-8"},
            ["Fehler: Den Befehl 'valdate' gibt es nicht.", "Hinweis: Meinten Sie validate?"],
        ),
        (["decide", "--format", "xx"], {}, ["Error: '--format' / '-f' cannot be 'xx'.", "Hint: Choose one of: markdown, json."]),
        (["content", "schema", "bogus", "--lang", "de"], {}, ["Fehler: 'KIND' kann nicht 'bogus' sein.", "Hinweis: Wählen Sie"]),
        (["decide", "--detail=xx", "--lang", "fr"], {}, ["Erreur\u00a0: '--detail' ne peut pas valoir « xx ».", "note, full"]),
        (["decide", "one", "two"], {}, ["Error: famsupport decide does not take 'one', 'two'.", "Hint: 'famsupport decide --help'"]),
        (["decide", "--no-input=yes", "--lang", "de"], {}, ["Fehler: --no-input nimmt keinen Wert an."]),
        (["wellbeing", "--days", "0", "--lang", "de"], {}, ["Fehler: '--days' / '-d' kann nicht '0' sein.", "von 1 bis 366"]),
        (["wellbeing", "--days=x"], {}, ["Error: '--days' / '-d' cannot be 'x'.", "Hint: Expected a whole number from 1 to 366."]),
        # A value checked before the command runs (a date) is refused in the language asked for too.
        (["history", "--since", "soon", "--lang", "de"], {}, ["Fehler: --since „soon“ ist kein Datum."]),
    ],
    ids=[
        "no-such-option",
        "lang-de",
        "locale-fr",
        "missing-argument",
        "missing-value",
        "no-such-command",
        "group-de",
        "not-a-choice",
        "not-a-choice-de",
        "not-a-choice-fr",
        "extra-arguments",
        "takes-no-value-de",
        "date-de",
        "out-of-range-de",
        "not-a-number",
    ],
)
def test_usage_errors_speak_the_tools_language_and_style(tmp_path: Path, argv: list[str], env: dict[str, str], expected: list[str]) -> None:
    done = _run(argv, tmp_path, **env)
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    for line in expected:
        assert line in done.stderr
    assert "Traceback" not in done.stderr
    assert "╭" not in done.stderr, "Click's boxed error instead of the tool's own"
    for english in ("Got unexpected", "Value error", "is not one of", "does not take a value", "Input should", "is not in the range"):
        assert english not in done.stderr, f"Click's or pydantic's own words: {done.stderr}"


@pytest.mark.parametrize(
    ("argv", "placeholders"),
    [
        (
            ["decide", "--help"],
            [
                "--answers -a FILE",
                "--output -o FILE",
                "--content DIR",
                "--lang LANG",
                "--date DATE",
                "--format -f FORMAT",
                "--detail DETAIL",
            ],
        ),
        (["content", "show", "--help"], ["--format -f FORMAT"]),
        (["batch", "--help"], ["--output-dir -d DIR"]),
        (["history", "--help"], ["--since DATE"]),
    ],
)
def test_option_placeholders_say_what_they_take(tmp_path: Path, argv: list[str], placeholders: list[str]) -> None:
    done = _run(argv, tmp_path)
    assert done.returncode == 0, done.stderr
    rows = [" ".join(line.strip("│ *").split()) for line in done.stdout.splitlines()]
    for placeholder in placeholders:
        assert any(row.startswith(placeholder) for row in rows), f"{placeholder!r} not in:\n{done.stdout}"


def _command_paths() -> list[list[str]]:
    """Every command and group of the app, as the words that name it (the root is [])."""
    import typer.main

    from famsupport_cli.cli import app

    found: list[list[str]] = []

    def visit(command: object, path: list[str]) -> None:
        found.append(path)
        for name, sub in getattr(command, "commands", {}).items():
            visit(sub, [*path, name])

    visit(typer.main.get_command(app), [])
    return found


@pytest.mark.timeout(300)
def test_flags_show_no_placeholder_in_any_help(tmp_path: Path) -> None:
    """A flag takes no value, so nothing stands between it and its help (Typer 0.29 wrote `<bool>` there)."""
    paths = _command_paths()
    assert len(paths) > 20
    for path in paths:
        done = _run([*path, "--help"], tmp_path)
        assert done.returncode == 0, done.stderr
        assert "<bool>" not in done.stdout, f"{' '.join(['famsupport', *path, '--help'])}:\n{done.stdout}"
        rows = [" ".join(line.strip("│ *").split()) for line in done.stdout.splitlines()]
        assert "--help -h Show this message and exit." in rows, done.stdout
    rows = [" ".join(line.strip("│ *").split()) for line in _run(["decide", "--help"], tmp_path).stdout.splitlines()]
    for row in ("--no-input Never prompt:", "--force Replace the output file", "--resume Continue the walk"):
        assert any(line.startswith(row) for line in rows), row


@pytest.mark.timeout(300)
def test_every_argument_shows_what_it_takes_in_capitals(tmp_path: Path) -> None:
    """`famsupport show [OPTIONS] {SUMMARY}`, as options show FILE and DATE (Typer 0.29 wrote `{item}`, 0.26 `ITEM`)."""
    named = {}
    for path in _command_paths():
        usage = next(line for line in _run([*path, "--help"], tmp_path).stdout.splitlines() if "Usage:" in line)
        words = [word.strip("{}[].") for word in usage.split("[OPTIONS]", 1)[-1].split()]
        assert all(word.isupper() for word in words), usage
        named[" ".join(path)] = words
    assert named["show"] == ["SUMMARY"] and named["batch"] == ["CHECKLIST", "FILES"] and named["config set"] == ["KEY", "VALUE"]


@pytest.fixture
def shells(tmp_path: Path) -> Path:
    """Commands named bash, zsh and fish (bash under each name: the completion detects the shell by its parent's name)."""
    folder = tmp_path / "shells"
    folder.mkdir()
    for name in ("bash", "zsh", "fish"):
        (folder / name).symlink_to("/bin/bash")
    return folder


def _in_shell(shell: Path, option: str, environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`famsupport OPTION` run by that shell, with famsupport first on its PATH."""
    path = f"{FAMSUPPORT.parent}{os.pathsep}{os.environ['PATH']}"
    # `; true` keeps the shell alive as the parent (bash would otherwise exec famsupport in its place).
    return subprocess.run(
        [str(shell), "-c", f"famsupport {option}; true"],
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": path, **environment},
        timeout=50,
        check=False,
    )


@pytest.mark.parametrize(
    ("shell", "expected"),
    [
        ("bash", "complete -o default -F _famsupport_completion famsupport"),
        ("zsh", "compdef _famsupport_completion famsupport"),
        ("fish", "complete --command famsupport"),
    ],
)
def test_show_completion_gives_each_shells_script(tmp_path: Path, shells: Path, shell: str, expected: str) -> None:
    done = _in_shell(shells / shell, "--show-completion", {"FAMSUPPORT_HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert expected in done.stdout
    assert "_FAMSUPPORT_COMPLETE" in done.stdout


def test_bash_completion_completes_a_command(tmp_path: Path) -> None:
    done = _run([], tmp_path, _FAMSUPPORT_COMPLETE="complete_bash", COMP_WORDS="famsupport dec", COMP_CWORD="1")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["decide"]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_install_completion_writes_the_script_into_the_home_folder(tmp_path: Path, shells: Path, shell: str) -> None:
    home = tmp_path / "user"
    home.mkdir()
    done = _in_shell(shells / shell, "--install-completion", {"HOME": str(home), "FAMSUPPORT_HOME": str(tmp_path / "famsupport")})
    assert done.returncode == 0, done.stderr
    assert f"{shell} completion installed" in done.stdout
    scripts = [path for path in home.rglob("*") if path.is_file() and "_FAMSUPPORT_COMPLETE" in path.read_text(encoding="utf-8")]
    assert scripts, f"no completion script under {home}: {sorted(home.rglob('*'))}"
