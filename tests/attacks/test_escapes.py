"""Escape sequences planted in files must never reach the terminal raw (issue 14, "one safe path to the terminal").

Each test plants a hostile text in one kind of file (a journal entry's front matter and body, a
draft, an answers file's keys and values, a content pack, the name of a file in a batch), runs
the real program in a pseudo-terminal and reads the BYTES the terminal would receive. None of the
planted sequences may be there: no OSC (clipboard write 52, window title 0, hidden link 8), no
clear-screen, no C1 CSI, no bidi override. And the text must be there in its visible form
(`\\x1b`, `<U+202E>`), so a test cannot pass because nothing was shown.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")
pytestmark = [pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX only"), pytest.mark.timeout(120)]

GOLDEN = Path(__file__).parent.parent / "golden"
ENTER = "\r"

CLIPBOARD = "\x1b]52;c;cHduZWQ=\x07"  # OSC 52: write "pwned" to the clipboard
TITLE = "\x1b]0;pwned title\x07"  # OSC 0: the window title
LINK = "\x1b]8;;https://evil.example/\x1b\\click here\x1b]8;;\x1b\\"  # OSC 8: a link whose address is hidden
CLEAR = "\x1b[2J\x1b[H"  # CSI: clear the screen, cursor home
C1_CLEAR = "\x9b2J"  # the same with the one-byte C1 CSI
BIDI = "\u202eexe.txt\u202c \u2066isolated\u2069"  # right-to-left override, isolates
PAYLOAD = f"hostile {CLIPBOARD}{TITLE}{LINK}{CLEAR}{C1_CLEAR}{BIDI} [bold red]markup[/bold red] end"
# The same, as a YAML double-quoted scalar (YAML refuses raw control characters in a file).
PAYLOAD_YAML = (
    '"hostile \\e]52;c;cHduZWQ=\\a\\e]0;pwned title\\a\\e]8;;https://evil.example/\\e\\\\click here\\e]8;;\\e\\\\'
    '\\e[2J\\e[H\\x9b2J\\u202eexe.txt\\u202c \\u2066isolated\\u2069 [bold red]markup[/bold red] end"'
)
# Safe for a file name: no slash, no NUL.
NAME_PAYLOAD = f"name{CLIPBOARD}{TITLE}{CLEAR}\u202eloot"

FORBIDDEN = {
    b"\x1b]": "an OSC sequence (clipboard, title or link)",
    b"\x1b[2J": "a clear-screen sequence",
    b"\xc2\x9b": "a C1 CSI",
    "\u202e".encode(): "a right-to-left override",
    "\u2066".encode(): "a bidi isolate",
    b"\x07": "a bell",
}


def terminal_bytes(
    args: Sequence[str | Path], home: Path, *, env: dict[str, str] | None = None, keys: Sequence[tuple[str, str]] = ()
) -> tuple[bytes, int | None]:
    """Run famsupport in a pseudo-terminal; every byte it sent to the terminal, and its exit code."""
    environment = {**os.environ, "FAMSUPPORT_HOME": str(home), "TERM": "xterm-256color", "PROMPT_TOOLKIT_NO_CPR": "1", **(env or {})}
    for name in ("NO_COLOR", "FAMSUPPORT_DEBUG", "FAMSUPPORT_CONTENT"):
        environment.pop(name, None)
    received = io.BytesIO()
    child = pexpect.spawn(sys.executable, ["-m", "famsupport_cli", *map(str, args)], env=environment, timeout=60, dimensions=(60, 250))
    child.logfile_read = received
    for pattern, key in keys:
        child.expect(pattern)
        child.send(key)
    child.expect(pexpect.EOF)
    child.close()
    return received.getvalue(), child.exitstatus


def assert_shown_safely(output: bytes, *, visible: Sequence[str] = ("\\x1b", "<U+202E>")) -> None:
    """None of the planted sequences in the bytes; each of `visible` (their visible form, or the text around them) there."""
    for sequence, what in FORBIDDEN.items():
        assert sequence not in output, f"{what} reached the terminal raw: {output!r}"
    for shown in visible:
        assert shown.encode() in output, f"{shown} is not shown: {output!r}"


def answers_text(**extra: str) -> str:
    """The golden decide answers (everything in place), with some values replaced by raw YAML."""
    lines = [line for line in (GOLDEN / "decide-digital.yaml").read_text().splitlines() if line.split(":")[0] not in extra]
    return "\n".join([*lines, *(f"{key}: {value}" for key, value in extra.items())]) + "\n"


# --- the journal --------------------------------------------------------------------------------


@pytest.fixture
def planted_summary(tmp_path: Path) -> Path:
    """A summary in the journal with the payload in its front matter, its body and its file name."""
    home = tmp_path / "home"
    summaries = home / "summaries"
    summaries.mkdir(parents=True)
    home.chmod(0o700)
    summaries.chmod(0o700)
    front = (
        f"---\nfamsupport: 1\nkind: decide\ndate: '2026-11-01T10:00:00+00:00'\nrecommendation: {PAYLOAD_YAML}\n"
        f"final_format: {PAYLOAD_YAML}\noverridden: true\n---\n"
    )
    body = f"# Summary\n\n{PAYLOAD}\n\n[a link](https://evil.example/)\n"
    path = summaries / f"2026-11-01-100000-decide-{NAME_PAYLOAD}.md"
    path.write_text(front + body)
    path.chmod(0o600)
    return home


def test_history_shows_front_matter_and_file_names_visibly(planted_summary: Path) -> None:
    output, code = terminal_bytes(["history"], planted_summary)
    assert code == 0, output
    assert_shown_safely(output, visible=["\\x1b]52", "<U+202E>", "red]markup[/bold"])  # rich markup stays literal


def test_history_as_json_escapes_them(planted_summary: Path) -> None:
    output, code = terminal_bytes(["history", "--format", "json"], planted_summary)
    assert code == 0, output
    assert_shown_safely(output, visible=["\\u001b", "\\u202e"])


@pytest.mark.parametrize("pager", ["cat", "less"])
def test_show_through_a_pager_shows_the_summary_visibly(planted_summary: Path, pager: str) -> None:
    if shutil.which(pager) is None:
        pytest.skip(f"{pager} is not installed")
    keys = [("end", "q")] if pager == "less" else []
    output, code = terminal_bytes(["show", "1"], planted_summary, env={"PAGER": pager, "LESS": "-RX"}, keys=keys)
    assert code == 0, output
    assert_shown_safely(output)
    assert b"evil.example" in output  # the link's address is shown, not hidden behind its text


def test_show_a_damaged_summary_shows_it_visibly(tmp_path: Path) -> None:
    home = tmp_path / "home"
    summary = tmp_path / f"{NAME_PAYLOAD}.md"
    summary.write_text(f"not a summary {PAYLOAD}\n")
    output, code = terminal_bytes(["show", summary], home, env={"PAGER": "cat"})
    assert code == 0, output
    assert_shown_safely(output)


# --- drafts -------------------------------------------------------------------------------------


def _drafts_folder(home: Path) -> Path:
    folder = home / "drafts"
    folder.mkdir(parents=True)
    home.chmod(0o700)
    folder.chmod(0o700)
    return folder


def test_drafts_lists_a_planted_draft_visibly(tmp_path: Path) -> None:
    home = tmp_path / "home"
    folder = _drafts_folder(home)
    text = f"famsupport_draft: 1\nchecklist: decide\nsaved: {PAYLOAD_YAML}\nanswers:\n  notes: {PAYLOAD_YAML}\n"
    for name in ("decide.yaml", f"{NAME_PAYLOAD}.yaml"):
        (folder / name).write_text(text)
        (folder / name).chmod(0o600)
    output, code = terminal_bytes(["drafts"], home)
    assert code == 0, output
    assert_shown_safely(output, visible=["\\x1b]0;", "<U+202E>"])
    # --resume says when the draft was saved (or why it cannot be used) before it asks for the rest.
    output, code = terminal_bytes(["decide", "--resume", "--no-input", "--output", "-"], home)
    assert code == 2, output
    assert_shown_safely(output, visible=[])


def test_resume_shows_the_draft_and_its_answers_visibly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A draft written by famsupport itself (whatever its format), whose answers hold the payload."""
    from famsupport_cli.checks.content import load_bundle
    from famsupport_cli.io import drafts

    home = tmp_path / "home"
    monkeypatch.setenv("FAMSUPPORT_HOME", str(home))
    checklist = load_bundle().checklist("decide")
    drafts.save("decide", checklist.version, {"notes": PAYLOAD, "preferred_format": PAYLOAD}, "famsupport decide")
    output, code = terminal_bytes(["decide", "--resume", "--no-input", "--output", "-"], home)
    assert code == 2, output  # the draft's answer to preferred_format is not one of its options
    assert_shown_safely(output, visible=["\\x1b]52"])  # the quoted answer is cut short before the bidi part


# --- answers files ------------------------------------------------------------------------------


def test_answers_file_keys_and_values_in_errors_are_shown_visibly(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(answers_text(preferred_format=PAYLOAD_YAML) + f"{PAYLOAD_YAML}: yes\n")
    output, code = terminal_bytes(["decide", "--answers", answers, "--no-input", "--output", tmp_path / "out.md"], tmp_path / "home")
    assert code == 2, output
    assert_shown_safely(output)


def test_the_review_table_shows_answers_from_a_file_visibly(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(answers_text(notes=PAYLOAD_YAML, override_format="keep"))
    summary = tmp_path / "out.md"
    command = ["decide", "--answers", answers, "--output", summary]
    output, code = terminal_bytes(command, tmp_path / "home", keys=[("write the summary", ENTER)])
    assert code == 0, output
    # The cell is cut short with an ellipsis where it is too long, so the last marks are the ones checked.
    assert_shown_safely(output, visible=["\\x1b]8;;", "<U+2066>", "red]markup[/bold"])
    written = summary.read_text()
    assert "\x1b" not in written and "\u202e" not in written  # the document keeps the text, minus the controls
    assert "exe.txt" in written


def test_a_summary_on_stdout_holds_no_control_characters(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(answers_text(notes=PAYLOAD_YAML))
    for output_format in ("markdown", "json"):
        command = ["decide", "--answers", answers, "--no-input", "--output", "-", "--format", output_format]
        output, code = terminal_bytes(command, tmp_path / "home")
        assert code == 0, output
        # Both keep the text minus the controls, which are never written, not even as JSON escapes.
        assert_shown_safely(output, visible=["hostile", "exe.txt"])
        assert b"\\u001b" not in output and b"\\u202e" not in output


# --- content packs ------------------------------------------------------------------------------


@pytest.fixture
def hostile_pack(tmp_path: Path) -> Path:
    pack = tmp_path / "pack"
    (pack / "checklists").mkdir(parents=True)
    (pack / "checklists" / "decide.yaml").write_text(
        f"""sections:
  - id: wellbeing
    questions:
      - id: max_sessions_per_day
        help: {PAYLOAD_YAML}
        sources: [our-policy]
rules:
  - id: our_rule
    add_to: agreements
    title: {PAYLOAD_YAML}
    text: {PAYLOAD_YAML}
    because: {PAYLOAD_YAML}
    sources: [our-policy]
"""
    )
    (pack / "sources.yaml").write_text(
        f"sources:\n  - id: our-policy\n    kind: organisation\n    title: {PAYLOAD_YAML}\n    publisher: {PAYLOAD_YAML}\n"
    )
    return pack


@pytest.mark.parametrize("output_format", ["terminal", "markdown", "json"])
def test_content_show_shows_pack_texts_safely(hostile_pack: Path, tmp_path: Path, output_format: str) -> None:
    command = ["content", "show", "decide", "--content", hostile_pack, "--format", output_format]
    output, code = terminal_bytes(command, tmp_path / "home")
    assert code == 0, output
    # The handout is a document: its Markdown keeps the pack's text minus the controls; JSON escapes them.
    assert_shown_safely(output, visible=["\\u001b", "\\u202e"] if output_format == "json" else ["hostile", "exe.txt"])


def test_the_template_holds_a_packs_prompt_safely_and_stays_the_same_yaml(tmp_path: Path) -> None:
    """A prompt with escape sequences and a line break: none reach the terminal, and no line of it becomes a key."""
    from famsupport_cli.content import yamlfile

    pack = tmp_path / "pack"
    (pack / "checklists").mkdir(parents=True)
    prompt = PAYLOAD_YAML[:-1] + '\\nsmuggled_key: 1\\u2028other_key: 2"'
    (pack / "checklists" / "decide.yaml").write_text(
        f"sections:\n  - id: preferences\n    questions:\n      - id: preferred_format\n        prompt: {prompt}\n"
    )
    output, code = terminal_bytes(["template", "decide", "--content", pack], tmp_path / "home")
    assert code == 0, output
    assert_shown_safely(output, visible=["hostile", "exe.txt"])
    shipped, _ = terminal_bytes(["template", "decide"], tmp_path / "home")
    keys = list(yamlfile.parse(output.decode().replace("\r\n", "\n"), "template").data)
    assert keys == list(yamlfile.parse(shipped.decode().replace("\r\n", "\n"), "template").data)
    assert "smuggled_key" not in keys and "other_key" not in keys


def test_the_json_template_writes_a_packs_controls_as_escapes(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    (pack / "checklists").mkdir(parents=True)
    (pack / "checklists" / "decide.yaml").write_text(
        f"sections:\n  - id: preferences\n    questions:\n      - id: preferred_format\n        prompt: {PAYLOAD_YAML}\n"
    )
    output, code = terminal_bytes(["template", "decide", "--content", pack, "--format", "json"], tmp_path / "home")
    assert code == 0, output
    assert_shown_safely(output, visible=["\\u001b", "\\u202e"])


def test_an_interactive_walk_shows_pack_texts_visibly(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    (pack / "checklists").mkdir(parents=True)
    (pack / "checklists" / "decide.yaml").write_text(
        f"""sections:
  - id: preferences
    questions:
      - id: preferred_format
        prompt: {PAYLOAD_YAML}
        help: {PAYLOAD_YAML}
        sources: [ran-2022-hybrid]
"""
    )
    command = ["decide", "--content", pack, "--output", tmp_path / "out.md"]
    output, code = terminal_bytes(command, tmp_path / "home", keys=[("arrow keys", "\x03")])
    assert code == 130, output
    assert_shown_safely(output, visible=["<U+202E>", "<U+2066>", "\\x1b]0;"])


def test_an_interactive_walk_shows_a_packs_interface_words_visibly(tmp_path: Path) -> None:
    # The prompt and options were made visible; the interface words around them, from the pack's
    # ui.yaml, and a scale's end labels reached the screen raw.
    pack = tmp_path / "pack"
    (pack / "checklists").mkdir(parents=True)
    (pack / "ui.yaml").write_text(f"select_instruction: {PAYLOAD_YAML}\n")
    command = ["decide", "--content", pack, "--output", tmp_path / "out.md"]
    output, code = terminal_bytes(command, tmp_path / "home", keys=[("hostile", "\x03")])
    assert code == 130, output
    assert_shown_safely(output, visible=["<U+202E>", "<U+2066>"])


def test_content_validate_names_a_pack_visibly(tmp_path: Path) -> None:
    pack = tmp_path / NAME_PAYLOAD
    (pack / "checklists").mkdir(parents=True)
    (pack / "checklists" / "decide.yaml").write_text(f"sections:\n  - id: wellbeing\n    questions:\n      - id: {PAYLOAD_YAML}\n")
    output, code = terminal_bytes(["content", "validate", pack], tmp_path / "home")
    assert code == 2, output
    assert_shown_safely(output)


# --- batch and report ---------------------------------------------------------------------------


@pytest.fixture
def hostile_batch(tmp_path: Path) -> Path:
    folder = tmp_path / "answers"
    folder.mkdir()
    (folder / f"{NAME_PAYLOAD}-good.yaml").write_text(answers_text())
    (folder / f"{NAME_PAYLOAD}-bad.yaml").write_text(answers_text(preferred_format=PAYLOAD_YAML))
    return folder


def test_batch_shows_file_names_visibly(hostile_batch: Path, tmp_path: Path) -> None:
    output, code = terminal_bytes(["batch", "decide", hostile_batch, "--output-dir", tmp_path / "out"], tmp_path / "home")
    assert code == 2, output  # one file had invalid input; the other was written
    assert_shown_safely(output)
    assert len(list((tmp_path / "out").iterdir())) == 1


def test_report_names_files_visibly(hostile_batch: Path, tmp_path: Path) -> None:
    output, code = terminal_bytes(["report", hostile_batch], tmp_path / "home")
    assert code == 0, output
    assert_shown_safely(output, visible=[])
