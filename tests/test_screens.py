"""What a person reads: the real program in a pseudo-terminal, its output drawn by a terminal emulator (pyte).

pexpect gives the keys and the exit code; pyte keeps every row the terminal showed, scrolled
away or not, so the tests can read the screens as a practitioner would: whole walks at 60,
80 and 120 columns with Enter on every answer, no row split mid-word at the edge, the
e-mail warning before the summary exists, and a plain walk without box drawing.
"""

from __future__ import annotations

import itertools
import os
import re
import sys
import time
from pathlib import Path

import pytest

from famsupport_cli.checks.content import load_bundle

pexpect = pytest.importorskip("pexpect")
pyte = pytest.importorskip("pyte")
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX only")

ENTER, DOWN, SPACE = "\r", "\x1b[B", " "
ROWS = 30
BOX_DRAWING = re.compile(r"[\u2500-\u257f]|!!|^\s*\+ |[•○●»]")


class Terminal:
    """famsupport in a pty of a given size, with everything it shows kept by a terminal emulator."""

    def __init__(self, args: list[str], home: Path, columns: int) -> None:
        env = {**os.environ, "FAMSUPPORT_HOME": str(home), "TERM": "xterm", "NO_COLOR": "1", "PROMPT_TOOLKIT_NO_CPR": "1"}
        env.pop("COLUMNS", None)
        self.columns = columns
        self.screen = pyte.HistoryScreen(columns, ROWS, history=20_000)
        self.stream = pyte.Stream(self.screen)
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "famsupport_cli", *args],
            env=env,
            encoding="utf-8",
            timeout=20,
            dimensions=(ROWS, columns),
            cwd=str(home),  # a short --output path: a path longer than a row cannot be wrapped
        )

    def settle(self, quiet: float = 0.25, limit: float = 15.0) -> None:
        """Read until the program has been quiet for `quiet` seconds (it waits for a key), or it ended."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            try:
                self.stream.feed(self.child.read_nonblocking(65536, timeout=quiet))
            except pexpect.TIMEOUT:
                return
            except pexpect.EOF:
                return

    def send(self, keys: str) -> None:
        self.child.send(keys)
        self.settle()

    @property
    def alive(self) -> bool:
        return bool(self.child.isalive())

    def visible(self) -> list[str]:
        return [row.rstrip() for row in self.screen.display]

    def every_row(self) -> list[str]:
        """Every row shown so far: those scrolled off the top, then the screen."""
        scrolled = ["".join(line[x].data for x in range(self.columns)).rstrip() for line in self.screen.history.top]
        return scrolled + self.visible()

    def cursor_row(self) -> str:
        return self.screen.display[self.screen.cursor.y].rstrip()

    def finish(self) -> int:
        self.child.expect(pexpect.EOF)
        self.child.close()
        return int(self.child.exitstatus)


def split_words(rows: list[str], columns: int) -> list[str]:
    """Rows that reach the terminal's edge with a word that goes on at the start of the next row."""
    return [
        f"{row!r} / {after!r}"
        for row, after in itertools.pairwise(rows)
        if len(row) >= columns and row[-1].isalnum() and after[:1].isalnum()
    ]


def walk_with_enter(terminal: Terminal, *, typed: str = "2", on_warning: str = DOWN + ENTER, steps: int = 250) -> None:
    """Enter on every answer. A required multiple choice gets its first option ticked, a required box `typed`."""
    bundle = load_bundle()
    optional_words = bundle.ui.optional_instruction
    terminal.settle()
    for _ in range(steps):
        if not terminal.alive:
            return
        screen = "\n".join(terminal.visible())
        cursor = terminal.cursor_row()
        if "choose at least one option" in screen and "○" in screen:
            terminal.send(SPACE + ENTER)
        elif "looks as if it holds" in screen and " » " in screen:
            terminal.send(on_warning)
        elif cursor.startswith("> ") or cursor == ">":
            empty = cursor.strip() == ">"
            terminal.send((typed if empty and optional_words not in screen else "") + ENTER)
        else:
            terminal.send(ENTER)
    raise AssertionError("the walk did not end:\n" + "\n".join(terminal.visible()))


@pytest.mark.timeout(150)
@pytest.mark.parametrize("columns", [60, 80, 120])
@pytest.mark.parametrize("checklist_id", ["decide", "reflect"])
def test_a_whole_walk_with_enter_on_every_answer_reads_well(checklist_id: str, columns: int, tmp_path: Path) -> None:
    output = tmp_path / "summary.md"
    terminal = Terminal([checklist_id, "--output", output.name], tmp_path, columns)
    walk_with_enter(terminal)
    assert terminal.finish() == 0, "\n".join(terminal.every_row()[-20:])
    assert output.exists()
    rows = terminal.every_row()
    assert not split_words(rows, columns)
    assert [row for row in rows if output.name in row] == [f"Summary saved to {output.name}"]  # once, not again on its own
    text = "\n".join(rows)
    assert f"Section 1 of {len(load_bundle().checklist(checklist_id).sections)}" in text
    assert "done (" not in text and "Use arrow keys" not in text  # questionary's own English is gone
    if checklist_id == "decide":  # the answer left on screen reads as a sentence, not as the list's aligned columns
        assert "talking to you over video? 1 Very uneasy" in re.sub(r"\s+", " ", text)
    assert not re.search(r"\bNone is\b|\[\]|\bdont-know\b|'\w+-\w+'", text)  # no Python value or option id reaches the screen
    prose = [row for row in rows if not row.lstrip().startswith(("│", "┃", "┌", "└", "├", "╭", "╰", "┏", "┗", "┡"))]
    assert max(len(row) for row in prose) <= min(columns, 100)


@pytest.mark.timeout(120)
def test_enter_on_the_optional_mood_question_records_nothing(tmp_path: Path) -> None:
    output = tmp_path / "summary.md"
    terminal = Terminal(["decide", "--output", str(output)], tmp_path, 80)
    walk_with_enter(terminal)
    assert terminal.finish() == 0
    summary = output.read_text()
    assert "Running on empty" not in summary
    assert "How do you feel going into this session?" not in summary.split("All answers")[-1]


@pytest.mark.timeout(120)
def test_the_e_mail_warning_is_on_screen_before_the_summary_exists(tmp_path: Path) -> None:
    output = tmp_path / "summary.md"
    terminal = Terminal(["decide", "--output", str(output)], tmp_path, 80)
    bundle = load_bundle()
    notes_prompt = bundle.checklist("decide").question_index["notes"].prompt
    seen_at_answer = seen_at_review = False
    terminal.settle()
    for _ in range(250):
        if not terminal.alive:
            break
        screen = "\n".join(terminal.visible())
        cursor = terminal.cursor_row()
        if "Your answer to" in screen and "looks as if it holds" in screen and " » Edit the answer" in screen:
            assert notes_prompt in screen.replace("\n", " ")  # named by its words, not its id
            assert not output.exists()
            seen_at_answer = True
            terminal.send(DOWN + ENTER)  # keep it
        elif "Check before writing" in screen and " » Everything is right" in screen:
            assert not output.exists()
            seen_at_review = True
            terminal.send(ENTER)
        elif "choose at least one option" in screen and "○" in screen:
            terminal.send(SPACE + ENTER)
        elif cursor.strip() == ">" and notes_prompt in screen:
            terminal.send("reach me at someone@example.org" + ENTER)
        elif cursor.strip() == ">":
            terminal.send(("" if bundle.ui.optional_instruction in screen else "2") + ENTER)
        else:
            terminal.send(ENTER)
    assert terminal.finish() == 0
    assert seen_at_answer and seen_at_review
    assert output.exists()


@pytest.mark.timeout(120)
def test_a_plain_walk_shows_no_box_drawing_and_numbers_each_option_once(tmp_path: Path) -> None:
    output = tmp_path / "summary.md"
    terminal = Terminal(["decide", "--plain", "--output", str(output)], tmp_path, 80)
    terminal.settle()
    for _ in range(250):
        if not terminal.alive:
            break
        screen = "\n".join(terminal.visible())
        if "to write the summary" in screen.split("\n> ")[-1] or "Type the number of an answer" in screen.split("\n>")[-1]:
            terminal.send(ENTER)
        elif "Type the number" in screen.split("\n>")[-1]:
            terminal.send("1" + ENTER)
        elif "leaves it unanswered" in screen.split("\n>")[-1] or "Enter keeps" in screen.split("\n>")[-1]:
            terminal.send(ENTER)
        else:
            terminal.send("2" + ENTER)
    assert terminal.finish() == 0
    rows = terminal.every_row()
    text = "\n".join(rows)
    assert not [row for row in rows if BOX_DRAWING.search(row)]
    assert "1. Very uneasy" in text and "1. 1" not in text
    assert "Type your answer" in text
    assert "Enter keeps 4." in text
    assert "(default)" in text
    assert not split_words(rows, 80)
    assert output.exists()


@pytest.mark.parametrize("width", [60, 80, 120, 200])
def test_wrapped_lines_break_between_words_keep_commands_whole_and_a_readable_measure(width: int) -> None:
    from famsupport_cli.io.wrapping import MEASURE, fill

    text = (
        "Interrupted: the summary was not written, but your answers so far (12) are kept as a draft. "
        "Continue where you stopped with: famsupport decide --answers FILE --resume and nothing is lost."
    )
    lines = fill("  " + text, width, hanging=2).split("\n")
    assert all(len(line) < min(width, MEASURE + 1) for line in lines)
    assert [line for line in lines if "famsupport decide --answers FILE --resume" in line]
    assert all(line.startswith("  ") for line in lines) and all(line.startswith("    ") for line in lines[1:])
    assert " ".join(" ".join(lines).split()) == text


BACKSPACE, CTRL_B = "\x7f", "\x02"


def _decide_missing(tmp_path: Path, *missing: str) -> Path:
    """The golden decide answers without `missing`: on a terminal only those (and the unanswered optional ones) are asked."""
    from helpers import GOLDEN_DIR

    lines = (GOLDEN_DIR / "decide-digital.yaml").read_text().splitlines()
    answers = tmp_path / "answers.yaml"
    kept = [line for line in lines if line.split(":")[0] not in missing]
    answers.write_text("\n".join([*kept, "override_format: keep"]) + "\n")
    return answers


def _wait_for(terminal: Terminal, words: str, limit: float = 15.0, *, scrolled: bool = False) -> str:
    """The screen (or, `scrolled`, every row so far) as one line, once `words` are on it."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        rows = terminal.every_row() if scrolled else terminal.visible()
        screen = re.sub(" +", " ", " ".join(rows))  # not str.split(): a no-break space stays
        if words in screen:
            return screen
        terminal.settle()
    raise AssertionError(f"{words!r} never appeared:\n" + "\n".join(terminal.visible()))


@pytest.mark.timeout(90)
def test_a_refused_number_is_asked_again_without_repeating_its_help_or_leaving_the_refused_answer(tmp_path: Path) -> None:
    decide = load_bundle().checklist("decide")
    question = decide.question_index["max_sessions_per_day"]
    assert question.help
    terminal = Terminal(["decide", "--answers", _decide_missing(tmp_path, "max_sessions_per_day").name, "-o", "s.md"], tmp_path, 80)
    _wait_for(terminal, question.prompt)
    terminal.send(BACKSPACE + "99" + ENTER)
    _wait_for(terminal, "out of range")
    terminal.send(BACKSPACE * 2 + "5" + ENTER)
    _wait_for(terminal, "Anything else you want in the summary?")
    terminal.send(ENTER)
    _wait_for(terminal, "Everything is right")
    text = re.sub(" +", " ", " ".join(terminal.every_row()))
    assert text.count(" ".join(question.help.split()[:6])) == 1  # the help once, not once more per refusal
    assert f"{question.prompt} 99" not in text  # the refused answer is not left on screen as if it were given
    assert f"{question.prompt} 5" in text
    terminal.send(ENTER)
    assert terminal.finish() == 0


@pytest.mark.timeout(90)
def test_the_review_lists_unanswered_questions_and_ctrl_b_there_asks_the_last_one_again(tmp_path: Path) -> None:
    notes = load_bundle().checklist("decide").question_index["notes"]
    output = tmp_path / "s.md"
    terminal = Terminal(["decide", "--answers", _decide_missing(tmp_path).name, "-o", output.name], tmp_path, 80)
    _wait_for(terminal, notes.prompt)
    terminal.send(ENTER)  # left empty
    _wait_for(terminal, "Everything is right")
    review = re.sub(" +", " ", " ".join(terminal.every_row()))
    assert notes.prompt[:20] in review.split("Your answers")[1] and "not answered" in review  # it can still be answered from here
    assert "Ctrl-B" in review.split("? Your answers")[-1]
    terminal.send(CTRL_B)  # back: the last question, not the summary
    _wait_for(terminal, "Enter when done")
    assert not output.exists()
    # The answer, then Enter at once for "write the summary": typed before the review prompt starts, it is not lost.
    terminal.send("See them next week" + ENTER + ENTER)
    assert terminal.finish() == 0
    assert "See them next week" in output.read_text()


@pytest.mark.timeout(90)
def test_a_french_walk_joins_its_key_hints_the_french_way(tmp_path: Path) -> None:
    answers = _decide_missing(tmp_path, "family_relation", "access_needs")
    terminal = Terminal(["decide", "--lang", "fr", "--answers", answers.name, "-o", "s.md"], tmp_path, 80)
    _wait_for(terminal, "flèches")
    terminal.send(ENTER)  # family_relation, so that access_needs can go back to it
    screen = _wait_for(terminal, "Ctrl-B").replace("\u00a0", " ")  # prompt_toolkit draws a no-break space as a space
    assert "valider ; Ctrl-B" in screen  # not "valider; Ctrl-B"
    terminal.send(SPACE + DOWN + SPACE + ENTER)
    ticked = [option.label for option in load_bundle(language="fr").checklist("decide").question_index["access_needs"].options or []][:2]
    _wait_for(terminal, f"{ticked[0]}\u00a0; {ticked[1]}", scrolled=True)  # what was ticked, in words
    terminal.child.terminate(force=True)


@pytest.mark.timeout(90)
def test_ctrl_b_goes_back_to_the_last_question_asked_past_the_answers_from_a_file(tmp_path: Path) -> None:
    questions = load_bundle().checklist("decide").question_index
    first, second = questions["family_relation"], questions["access_needs"]  # with answers from the file between them
    answers = _decide_missing(tmp_path, first.id, second.id)
    terminal = Terminal(["decide", "--answers", answers.name, "-o", "s.md"], tmp_path, 80)
    screen = _wait_for(terminal, first.prompt)
    assert "Ctrl-B" not in screen  # nothing asked before it: no key that does nothing
    terminal.send(ENTER)
    _wait_for(terminal, second.prompt)
    terminal.send(CTRL_B)
    screen = _wait_for(terminal, "(your answer so far)")
    assert first.prompt in screen and second.prompt not in screen.split(first.prompt)[-1]
    terminal.child.terminate(force=True)


@pytest.mark.timeout(60)
def test_the_agreements_say_how_to_set_one_with_the_command_on_one_row_at_60_columns(tmp_path: Path) -> None:
    terminal = Terminal(["wellbeing"], tmp_path, 60)
    terminal.settle(quiet=5.0)  # until it ends: it asks nothing
    assert terminal.finish() == 0
    rows = terminal.every_row()
    assert any("famsupport config set working-hours VALUE" in row for row in rows), "\n".join(rows)
    assert not split_words(rows, 60)


@pytest.mark.timeout(60)
def test_an_error_on_a_narrow_terminal_breaks_between_words_and_keeps_its_details_indented(tmp_path: Path) -> None:
    answers = tmp_path / "partial.yaml"
    answers.write_text("preferred_format: digital\n", encoding="utf-8")
    terminal = Terminal(["decide", "--no-input", "--answers", "partial.yaml", "--output", "-"], tmp_path, 60)
    terminal.settle(quiet=5.0)  # until it ends: --no-input asks nothing
    assert terminal.finish() == 2
    rows = [row for row in terminal.every_row() if row]
    assert rows[0].startswith("Error: ") and any(row.startswith("Hint: ") for row in rows)
    assert all(len(row) < 60 for row in rows), "\n".join(rows)  # wrapped by famsupport, not by the terminal
    assert not split_words(rows, 60), "\n".join(rows)
    details = [index for index, row in enumerate(rows) if row.startswith("  - ")]
    assert len(details) > 10
    # A detail's next rows stay under its text, not under the dash.
    continued = [row for index, row in enumerate(rows) if index - 1 in details and not row.startswith(("  - ", "Hint"))]
    assert continued and all(row.startswith("    ") for row in continued), "\n".join(rows)


@pytest.mark.timeout(120)
def test_an_escape_code_typed_into_a_text_box_is_no_crash_and_loses_nothing_after_it(tmp_path: Path) -> None:
    # prompt_toolkit takes ESC [ 2 m for a mouse report, fails on it and swallowed what came next.
    terminal = Terminal(["reflect", "--output", str(tmp_path / "record.md")], tmp_path, 80)
    terminal.settle()
    for _ in range(60):
        if terminal.cursor_row().startswith(">"):
            break
        terminal.send(SPACE + ENTER if "choose at least one option" in "\n".join(terminal.visible()) else ENTER)
    else:
        raise AssertionError("no text box came:\n" + "\n".join(terminal.visible()))
    terminal.send("abc \x1b[2m def \x1b[31m ghi")
    shown = "\n".join(terminal.every_row())
    assert "Unhandled exception" not in shown and "Traceback" not in shown, shown
    assert "def" in terminal.cursor_row() and "ghi" in terminal.cursor_row(), terminal.visible()
    terminal.send("\x03")
    assert terminal.finish() == 130


@pytest.mark.timeout(120)
def test_a_text_refused_as_too_long_comes_back_to_be_shortened_not_typed_again(tmp_path: Path) -> None:
    notes = load_bundle().checklist("decide").question_index["notes"]
    limit = notes.max_length
    terminal = Terminal(["decide", "--answers", _decide_missing(tmp_path, "notes").name, "-o", "s.md"], tmp_path, 120)
    _wait_for(terminal, notes.prompt)
    long_text = ("word " * (limit // 5 + 20)).strip()
    terminal.send(long_text)
    terminal.send(ENTER)
    _wait_for(terminal, "does not fit")
    assert terminal.cursor_row().startswith(">") or any(row.startswith("> word word") for row in terminal.visible())
    terminal.send(BACKSPACE * (len(long_text) - 30) + ENTER)  # only the start kept: it fits
    _wait_for(terminal, "Everything is right")
    terminal.send(ENTER)
    assert terminal.finish() == 0
    written = (tmp_path / "s.md").read_text()
    assert "word word word" in written, "the text typed once, shortened, is in the note"


@pytest.mark.timeout(120)
def test_the_recommendation_is_on_screen_when_the_format_is_chosen(tmp_path: Path) -> None:
    # The outcome above the question runs to a hundred rows and more; the question is about it.
    from helpers import GOLDEN_DIR

    decide = load_bundle().checklist("decide")
    assert decide.decision is not None
    prompt = decide.question_index[decide.decision.override.format_question].prompt
    (tmp_path / "answers.yaml").write_text((GOLDEN_DIR / "decide-digital.yaml").read_text())
    terminal = Terminal(["decide", "--answers", "answers.yaml", "-o", "s.md"], tmp_path, 60)
    screen = _wait_for(terminal, prompt)
    assert "Recommended format: Meet online" in screen, terminal.visible()
    terminal.send("\x03")
    assert terminal.finish() == 130


@pytest.mark.timeout(120)
def test_ctrl_b_at_the_first_question_does_not_ask_it_over(tmp_path: Path) -> None:
    reflect = load_bundle().checklist("reflect")
    first = reflect.sections[0].questions[0]
    assert first.help
    terminal = Terminal(["reflect", "--output", str(tmp_path / "record.md")], tmp_path, 80)
    _wait_for(terminal, first.prompt)
    for _ in range(3):
        terminal.send(CTRL_B)
    text = re.sub(" +", " ", " ".join(terminal.every_row()))
    assert text.count(" ".join(first.help.split()[:6])) == 1, "the question and its help once, not once per Ctrl-B"
    terminal.send("\x03")
    assert terminal.finish() == 130
