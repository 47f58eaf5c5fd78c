"""The terminal askers: the only module that draws prompts (with prompt_toolkit).

`TerminalAsker` shows arrow-key lists and edit boxes (Ctrl-B for back); `PlainAsker`
asks numbered questions line by line, for screen readers and simple terminals. Both
only turn keystrokes into raw answers; checking them is the walk's job.

The prompts are drawn here rather than by questionary so that every word on screen
comes from the content (questionary prints English words of its own), every line is
wrapped between words to the terminal's width, and Enter always means "this is my answer".
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from famsupport_cli.content.bundle import Bundle
from famsupport_cli.content.models import DONT_KNOW, NOT_APPLICABLE, Question
from famsupport_cli.core.answers import AnswerProblem, coerce, special_values
from famsupport_cli.core.conditions import AnswerValue
from famsupport_cli.core.engine import Result
from famsupport_cli.core.privacy import looks_identifying
from famsupport_cli.core.summary import after_label, display_value, outcome_label, reason_label
from famsupport_cli.core.walk import BACK, Back, Step, declared_default
from famsupport_cli.errors import invalid_input
from famsupport_cli.io import display
from famsupport_cli.io.wrapping import line_width, wrap
from famsupport_cli.messages import Text
from famsupport_cli.render.safe import line as safe_line
from famsupport_cli.render.safe import text as safe_text

if TYPE_CHECKING:
    from prompt_toolkit.formatted_text import StyleAndTextTuples
    from prompt_toolkit.input import Input
    from prompt_toolkit.key_binding import KeyBindings, KeyBindingsBase
    from prompt_toolkit.output import Output

# Scales up to this many points are offered as a list to pick from; larger ones are typed.
MAX_LISTED_SCALE = 11


@dataclass(frozen=True, slots=True, kw_only=True)
class Choice:
    """One line of a list: its words and the answer it stands for (None: leave the question unanswered)."""

    label: str
    value: AnswerValue | None
    exclusive: bool = False


def choices(question: Question, bundle: Bundle, *, plain: bool = False) -> list[Choice]:
    """The choices of a choice-like question, with don't know / not applicable last.

    A plain list is numbered, so a scale point there is named by its end label alone
    ("1. Very uneasy", not "1. 1 Very uneasy").
    """
    ui = bundle.ui
    if question.type == "yesno":
        listed = [Choice(label=ui.yes, value="yes"), Choice(label=ui.no, value="no")]
    elif question.type == "scale":
        assert question.min is not None and question.max is not None
        listed = [Choice(label=_scale_label(question, point, plain=plain), value=point) for point in range(question.min, question.max + 1)]
    else:
        # Labels may come from packs: prompt_toolkit shows control characters as ^[ but passes bidi overrides on.
        listed = [
            Choice(label=safe_line(option.label), value=option.value, exclusive=option.exclusive) for option in question.options or []
        ]
    # "Don't know" and "not applicable" stand alone: in a multiple choice they are never ticked with another.
    return listed + [Choice(label=_special_label(value, bundle), value=value, exclusive=True) for value in special_values(question)]


def _scale_label(question: Question, point: int, *, plain: bool) -> str:
    words = [label for label, end in ((question.min_label, question.min), (question.max_label, question.max)) if label and point == end]
    if plain:  # numbered by the point itself: "1. Very uneasy", "2.", ...
        return " ".join(words)
    return "  ".join([str(point), *words])


def _special_label(value: str, bundle: Bundle) -> str:
    return {DONT_KNOW: bundle.ui.dont_know, NOT_APPLICABLE: bundle.ui.not_applicable}[value]


def listed(question: Question) -> bool:
    """True when the question is answered by picking one line of a list."""
    if question.type == "scale":
        return question.max is not None and question.min is not None and question.max - question.min < MAX_LISTED_SCALE
    return question.type in ("single", "yesno")


def _typed_special(question: Question, bundle: Bundle, typed: str) -> str | None:
    """A special answer typed in words ("Don't know", "Weiß nicht"), as its value."""
    wanted = typed.strip().casefold()
    return next((value for value in special_values(question) if _special_label(value, bundle).casefold() == wanted), None)


def _mark(step: Step, value: AnswerValue | None, marks: tuple[str, str]) -> str:
    """ " (default)" or " (your answer so far)" after the choice that Enter keeps, else ""."""
    default, current = marks
    if value is None or step.default is None:
        return ""
    chosen = step.default if isinstance(step.default, list) else [step.default]
    if value not in chosen:
        return ""
    declared = declared_default(step.question)
    is_declared = declared == step.default or (isinstance(declared, list) and value in declared)
    return f" {default if is_declared else current}"


def _fits(question: Question, typed: str | None) -> bool:
    """True when the walk will take this typed answer (so it may stay on screen as the answer)."""
    if typed is None:
        return not question.required
    try:
        coerce(question, typed)
    except AnswerProblem:
        return False
    return True


def identifying_answers(answers: Mapping[str, AnswerValue], result: Result) -> list[Question]:
    """The text questions whose answers look as if they identify someone."""
    return [
        question
        for question in result.checklist.questions()
        if question.type == "text" and isinstance(answers.get(question.id), str) and looks_identifying(str(answers[question.id]))
    ]


class _Announcing:
    """What both askers show around a question: the section heading, why an answer was refused."""

    bundle: Bundle
    shows_results = True
    says_refusals = True  # False: the prompt itself shows why the last answer was refused

    def _announce(self, step: Step) -> None:
        ui = self.bundle.ui
        if step.first_in_section and step.problem is None:  # asked again: the heading is on screen already
            display.note("\n" + ui.section_progress.format(number=step.section_number, total=step.section_count, title=step.section.title))
            if step.section.intro:
                display.note(step.section.intro)
        if step.problem is not None and self.says_refusals:
            display.note(self._refusal(step), hanging=2)

    def _refusal(self, step: Step) -> str:
        assert step.problem is not None
        question = step.question
        if question.type in ("number", "scale", "text") and step.problem.allowed:
            return self.bundle.ui.invalid_answer.format(problem=step.problem.message, allowed=self._allowed(question))
        return str(Text("walk_refused", problem=step.problem.message))  # the options are on screen, in words

    def _allowed(self, question: Question) -> str:
        """What may be typed, in words (never option ids)."""
        if question.type == "text":
            return str(Text("allowed_text", max=question.max_length))
        low = Text("allowed_any") if question.min is None else question.min
        high = Text("allowed_any") if question.max is None else question.max
        text = str(Text("allowed_number", low=low, high=high, special=""))
        specials = [_special_label(value, self.bundle) for value in special_values(question)]
        return text + (" " + str(Text("plain_or_special", words=", ".join(specials))) if specials else "")

    def _typed(self, question: Question, typed: str) -> str | None:
        return _typed_special(question, self.bundle, typed) or typed or None

    def _recap(self, result: Result) -> None:
        """The recommendation once more under the outcome: the outcome is long, and the question after it is about it."""
        if result.verdict is not None:
            ui = self.bundle.ui
            display.note(f"\n{ui.recommended}{ui.colon}{outcome_label(result.checklist, result.verdict.recommended)}", hanging=2)


class TerminalAsker(_Announcing):
    """Arrow-key lists and edit boxes, drawn on stderr."""

    says_refusals = False  # shown inside the prompt, so a second refusal replaces the first instead of piling up

    def __init__(self, bundle: Bundle, *, input: Input | None = None, output: Output | None = None) -> None:
        self.bundle = bundle
        self._input = input
        self._output = output

    # -- the Asker protocol --

    def ask(self, step: Step) -> Any:
        self._announce(step)
        question = step.question
        if question.help and step.problem is None:  # asked again after a refusal: the help is on screen already
            display.note(f"  ({question.help})", hanging=1)
        if listed(question):
            return self._select(step)
        if question.type == "multiple":
            return self._checkbox(step)
        return self._text(step)

    def show_outcome(self, result: Result) -> None:
        display.note("\n" + self.bundle.ui.outcome_preview)
        display.result(result, self.bundle)
        self._recap(result)

    def review(self, answers: Mapping[str, AnswerValue], result: Result) -> str | None:
        ui = self.bundle.ui
        display.note("")
        display.answers_table(answers, result, self.bundle)
        for question in identifying_answers(answers, result):
            display.note(str(Text("walk_privacy_review", question=question.prompt)))
        shown = display.reviewed_questions(answers, result)
        options = [Choice(label=ui.review_finish, value="finish"), Choice(label=ui.review_change, value="change")]
        keys = f"  ({ui.hint_separator.join([ui.select_instruction, ui.back_instruction])})"
        header = [f"? {ui.review_title}", keys]
        while True:
            picked = self._list(header, options, start=0)
            if isinstance(picked, Back):  # the previous question is the last one asked
                return shown[-1].id if shown else None
            if options[picked].value != "change":
                return None
            listed = [Choice(label=safe_line(q.prompt), value=q.id) for q in shown]
            which = self._list([f"? {ui.review_which}", keys], listed, start=0)
            if not isinstance(which, Back):  # Ctrl-B here: back to the choice above
                return str(shown[which].id)

    # -- the prompts --

    def _header(self, step: Step, *parts: str) -> list[str]:
        ui = self.bundle.ui
        given = [part for part in parts if part]
        if step.can_go_back:
            given.append(ui.back_instruction)
        refused = [self._refusal(step)] if step.problem is not None else []
        return [f"? {safe_line(step.question.prompt)}"] + ([f"  ({ui.hint_separator.join(given)})"] if given else []) + refused

    def _select(self, step: Step) -> Any:
        question = step.question
        options = choices(question, self.bundle)
        if not question.required:  # Enter at once leaves it unanswered: nothing is chosen for the practitioner
            options.insert(0, Choice(label=str(Text("walk_skip")), value=None))
        marks = (str(Text("walk_default_mark")), str(Text("walk_current_mark")))
        labels = [Choice(label=option.label + _mark(step, option.value, marks), value=option.value) for option in options]
        start = next((n for n, option in enumerate(options) if option.value is not None and option.value == step.default), 0)
        picked = self._list(self._header(step, self.bundle.ui.select_instruction), labels, start=start, back=step.can_go_back)
        if isinstance(picked, Back):
            return BACK
        chosen = options[picked]
        # One space in the answer left on screen ("1 Very uneasy"): the list aligns a scale's labels with two.
        self._echo(question.prompt, re.sub(" {2,}", " ", chosen.label) if chosen.value is not None else self.bundle.ui.not_answered)
        return chosen.value

    def _checkbox(self, step: Step) -> Any:
        question = step.question
        options = choices(question, self.bundle)
        default = step.default if isinstance(step.default, list) else [step.default] if isinstance(step.default, str) else []
        ticked = {n for n, option in enumerate(options) if option.value in default}
        ui = self.bundle.ui
        instruction = ui.multiple_instruction
        if not question.required:
            instruction = ui.hint_separator.join([instruction, ui.optional_instruction])
        header = self._header(step, instruction)
        picked = self._list(header, options, start=0, ticked=ticked, required=question.required, back=step.can_go_back)
        if isinstance(picked, Back):
            return BACK
        assert isinstance(picked, set)
        words = [options[n].label for n in sorted(picked)]
        self._echo(question.prompt, ui.hint_separator.join(words) if words else str(Text("walk_nothing_ticked")))
        return [options[n].value for n in sorted(picked)] or None

    def _text(self, step: Step) -> Any:
        question = step.question
        text = "" if step.default is None else str(step.default)
        if isinstance(step.refused, str):  # asked again after a refusal: what was typed, to mend
            text = step.refused
        hint = str(Text("walk_text_multiline_hint") if question.multiline else Text("walk_text_hint"))
        typed_what = self._allowed(question) if question.type in ("number", "scale") else ""
        optional = "" if question.required else self.bundle.ui.optional_instruction
        keeps = "" if step.default is None else str(Text("plain_enter_keeps", answer=text)).rstrip(".")
        while True:
            header = self._header(step, typed_what, optional, keeps or hint)
            answer = self._edit(header, text, multiline=question.multiline, back=step.can_go_back)
            if isinstance(answer, Back):
                return BACK
            text = answer.strip()
            if _fits(question, self._typed(question, text)):  # a refused answer is asked again, not left on screen as given
                self._echo(question.prompt, text or self.bundle.ui.not_answered)
            if question.type != "text" or not looks_identifying(text):
                return self._typed(question, text)
            display.note(str(Text("walk_privacy_warning", question=question.prompt)), hanging=0)
            edit, keep = str(Text("walk_privacy_edit")), str(Text("walk_privacy_keep"))
            again = self._list([], [Choice(label=edit, value="edit"), Choice(label=keep, value="keep")], start=0)
            if isinstance(again, Back) or again == 1:
                return text

    def _echo(self, prompt: str, answer: str) -> None:
        """The question and its answer, left on screen once the prompt is gone."""
        first, *more = answer.split("\n")
        display.note(f"? {prompt} {first}", hanging=2)
        for line in more:
            display.note(f"  {line}", hanging=2)

    # -- drawing --

    def _list(
        self,
        header: list[str],
        options: Sequence[Choice],
        *,
        start: int,
        ticked: set[int] | None = None,
        required: bool = False,
        back: bool = True,
    ) -> Any:
        """The index picked (or, with `ticked`, the set of indexes ticked), or BACK (Ctrl-B, where there is a way back)."""
        from prompt_toolkit.layout import FormattedTextControl, Layout, Window

        state = _ListState(
            header=header, options=list(options), cursor=start, ticked=ticked, required=required, bundle=self.bundle, back=back
        )
        control = FormattedTextControl(state.fragments, focusable=True, show_cursor=False)
        layout = Layout(Window(control, dont_extend_height=True, wrap_lines=True))
        return self._run(layout, state.bindings())

    def _edit(self, header: list[str], text: str, *, multiline: bool, back: bool = True) -> Any:
        """The text typed, or BACK. Enter submits; in a multi-line box Ctrl-J (or Alt+Enter) starts a new line."""
        from prompt_toolkit.buffer import Buffer
        from prompt_toolkit.document import Document
        from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
        from prompt_toolkit.key_binding.defaults import load_key_bindings
        from prompt_toolkit.layout import BufferControl, FormattedTextControl, HSplit, Layout, Window
        from prompt_toolkit.layout.dimension import Dimension

        buffer = Buffer(document=Document(text, len(text)), multiline=multiline)

        def heading() -> StyleAndTextTuples:
            rows = _wrapped_fragments(header, "class:question")
            return [*rows[:-1], (rows[-1][0], rows[-1][1].removesuffix("\n"))] if rows else rows

        box = Window(
            BufferControl(buffer),
            height=Dimension(min=1),
            dont_extend_height=True,  # as tall as the text, not the screen
            wrap_lines=True,
            get_line_prefix=lambda line, wrapped: "> " if line == 0 and wrapped == 0 else "  ",
        )
        layout = Layout(HSplit([Window(FormattedTextControl(heading), dont_extend_height=True), box]), focused_element=box)
        keys = KeyBindings()

        @keys.add("enter")
        def _done(event: Any) -> None:
            event.app.exit(result=buffer.text)

        @keys.add("c-j")
        @keys.add("escape", "enter")
        def _new_line(event: Any) -> None:
            if multiline:
                buffer.insert_text("\n")
            else:
                event.app.exit(result=buffer.text)

        return self._run(layout, merge_key_bindings([load_key_bindings(), keys, _common_keys(back=back)]))

    def _run(self, layout: Any, keys: KeyBindingsBase) -> Any:
        """Run one prompt until it exits; Ctrl-C propagates as KeyboardInterrupt, the end of input is an error."""
        from prompt_toolkit.application import Application
        from prompt_toolkit.output import create_output
        from prompt_toolkit.styles import Style

        output = self._output if self._output is not None else create_output(stdout=sys.stderr)
        style = Style.from_dict({"question": "bold", "pointer": "bold", "problem": "bold"})
        app: Application[Any] = Application(
            layout=layout, key_bindings=keys, style=style, erase_when_done=True, input=self._input, output=output, mouse_support=False
        )
        try:
            answer = app.run()
        except EOFError:
            raise invalid_input(Text("input_ended"), hint=Text("input_ended_hint")) from None
        return BACK if answer is _BACK_MARK else answer


_BACK_MARK = object()  # what a prompt exits with on Ctrl-B


def _common_keys(*, back: bool = True) -> KeyBindings:
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.keys import Keys

    keys = KeyBindings()

    # At the first question there is no way back: Ctrl-B then did the question over, help and all.
    @keys.add("c-b", filter=back)
    def _back(event: Any) -> None:
        event.app.exit(result=_BACK_MARK)

    @keys.add("c-c")
    def _interrupt(event: Any) -> None:
        event.app.exit(exception=KeyboardInterrupt())

    @keys.add("c-d")
    def _end(event: Any) -> None:
        event.app.exit(exception=EOFError())

    # The walk turns the mouse off, so a "mouse report" is an escape code typed or pasted into it:
    # prompt_toolkit reads ESC [ 2 m as one, fails to parse it ("Unhandled exception in event
    # loop") and swallows the keys after it. Ignored, the rest of what was typed arrives.
    @keys.add(Keys.Vt100MouseEvent)
    def _not_a_mouse(event: Any) -> None:
        pass

    return keys


def _wrapped_fragments(lines: Sequence[str], style: str) -> StyleAndTextTuples:
    from prompt_toolkit.application import get_app

    width = line_width(get_app().output.get_size().columns)
    # Made visible here, where every line reaches the screen: a pack's words (an instruction, a
    # scale's end label) hold whatever its files hold, and a bidi override would reorder the row.
    shown = [safe_text(line) for line in lines]
    return [(style, row + "\n") for line in shown for row in wrap(line, width, hanging=_hanging(line))]


def _hanging(line: str) -> int:
    """How far a line's continuation is indented: under the question after "? ", under the text after "("."""
    if line.startswith("? "):
        return 2
    return 1 if line.lstrip(" ").startswith("(") else 0


class _ListState:
    """A list prompt: where the pointer is, what is ticked, and a word on why a key was refused."""

    def __init__(
        self,
        *,
        header: list[str],
        options: list[Choice],
        cursor: int,
        ticked: set[int] | None,
        required: bool,
        bundle: Bundle,
        back: bool = True,
    ) -> None:
        self.header, self.options, self.cursor, self.ticked = header, options, cursor, ticked
        self.required, self.bundle, self.back = required, bundle, back  # back: Ctrl-B goes back
        self.problem = ""

    def fragments(self) -> StyleAndTextTuples:
        from prompt_toolkit.application import get_app

        size = get_app().output.get_size()
        width = line_width(size.columns)
        rows = _wrapped_fragments(self.header, "class:question")
        # A list taller than the terminal shows the part around the pointer (one row per option kept free for wrapping).
        room = max(3, (size.rows - len(rows) - 2) // 2)
        first = min(max(0, self.cursor - room // 2), max(0, len(self.options) - room))
        for number, option in enumerate(self.options):
            if not first <= number < first + room:
                continue
            here = number == self.cursor
            box = "" if self.ticked is None else ("● " if number in self.ticked else "○ ")
            lead = (" » " if here else "   ") + box
            for row, text in enumerate(wrap(safe_line(option.label), width - len(lead))):
                rows.append(("class:pointer" if here else "", (lead if row == 0 else " " * len(lead)) + text + "\n"))
        if self.problem:
            rows += _wrapped_fragments([self.problem], "class:problem")
        if rows:
            style, text = rows[-1][:2]
            rows[-1] = (style, text.removesuffix("\n"))
        return rows

    def bindings(self) -> KeyBindingsBase:
        from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

        keys = KeyBindings()
        count = len(self.options)

        @keys.add("up")
        @keys.add("c-p")
        def _up(_event: Any) -> None:
            self.cursor, self.problem = (self.cursor - 1) % count, ""

        @keys.add("down")
        @keys.add("c-n")
        def _down(_event: Any) -> None:
            self.cursor, self.problem = (self.cursor + 1) % count, ""

        @keys.add("space")
        def _tick(_event: Any) -> None:
            if self.ticked is not None:
                self.toggle()

        # An Enter typed while the terminal was still in line mode (before this prompt started, e.g.
        # while the review table was printed) reaches the prompt as Ctrl-J: it means Enter all the same.
        @keys.add("enter")
        @keys.add("c-j")
        def _done(event: Any) -> None:
            if self.ticked is None:
                event.app.exit(result=self.cursor)
            elif self.required and not self.ticked:
                self.problem = str(Text("walk_refused", problem=Text("choose_at_least_one")))
            else:
                event.app.exit(result=set(self.ticked))

        return merge_key_bindings([keys, _common_keys(back=self.back)])

    def toggle(self) -> None:
        """Tick or untick the option under the pointer; an option that stands alone is never ticked with another."""
        assert self.ticked is not None
        self.problem = ""
        if self.cursor in self.ticked:
            self.ticked.discard(self.cursor)
            return
        alone = next((n for n in {self.cursor, *self.ticked} if self.options[n].exclusive), None)
        if alone is not None and self.ticked:
            self.problem = str(Text("walk_refused", problem=Text("exclusive_combined", option=self.options[alone].label)))
            return
        self.ticked.add(self.cursor)


def show_result(result: Result, bundle: Bundle, *, plain: bool) -> None:
    """The outcome at the end of a walk: drawn with boxes and marks, or in plain words for screen readers."""
    if plain:
        plain_result(result, bundle)
    else:
        display.result(result, bundle)


def plain_result(result: Result, bundle: Bundle) -> None:
    """The outcome in sentences: no boxes, no symbols, each reason named by its kind."""
    ui = bundle.ui
    verdict = result.verdict
    if verdict is not None:
        checklist = result.checklist
        display.note(f"\n{ui.recommendation}")
        display.note(f"{ui.recommended}{ui.colon}{outcome_label(checklist, verdict.recommended)}", hanging=2)
        if verdict.overridden:
            display.note(f"{ui.final_choice}{ui.colon}{outcome_label(checklist, verdict.final)}", hanging=2)
        if verdict.preference is not None:
            question = checklist.question_index[verdict.preference.question_id]
            display.note(f"{ui.preference}{ui.colon}{display_value(question, verdict.preference.value, bundle)}", hanging=2)
        display.note(ui.reasons)
        for reason in verdict.reasons:
            display.note(f"  {reason_label(ui, reason)}{ui.colon}{reason.text}", hanging=2)
    for finding_list in result.checklist.lists:
        display.note(f"\n{finding_list.title}")
        findings = result.findings.get(finding_list.id, ())
        if not findings:
            display.note(f"  {ui.nothing_in_list}", hanging=2)
        for finding in findings:
            display.note(f"  {finding.title}{after_label(finding.title, ui.colon)}{finding.text}", hanging=2)
            display.note(f"    {ui.because}{ui.colon}{finding.because}", hanging=2)


def _picked(answer: Any, options: list[tuple[int, Choice]]) -> bool:
    """Whether `answer` is one listed option, or several, picked by their numbers (not typed in words)."""
    values = [option.value for _, option in options]
    picked = answer if isinstance(answer, list) else [answer]
    return bool(options) and bool(picked) and all(value in values for value in picked)


def _numbered(question: Question, bundle: Bundle) -> list[tuple[int, Choice]]:
    """The choices of a plain list with the number that picks each: a scale's points by their own number, then the rest."""
    options = choices(question, bundle, plain=True)
    first = question.min if question.type == "scale" and question.min is not None and question.min >= 0 else 1
    return [(number, option) for number, option in enumerate(options, start=first)]


class PlainAsker(_Announcing):
    """Numbered, line-by-line questions: no cursor movement, so screen readers follow."""

    def __init__(self, bundle: Bundle) -> None:
        self.bundle = bundle

    def ask(self, step: Step) -> Any:
        question = step.question
        self._announce(step)
        display.note(f"\n{question.prompt}")
        options = _numbered(question, self.bundle) if listed(question) or question.type == "multiple" else []
        marks = (str(Text("plain_default_mark")), str(Text("plain_current_mark")))
        for number, option in options:
            display.note(f"  {number}. {option.label}{_mark(step, option.value, marks)}".rstrip(), hanging=len(str(number)) + 2)
        for line in self._instructions(step, options):
            display.note(line)
        while True:
            line = self._read()
            if line == "?" and question.help:
                display.note(question.help)
                continue
            if line.lower() == "b":
                return BACK
            if line == "" and step.default is not None:
                return step.default
            answer = self._interpret(question, line, options)
            if question.type == "text" and isinstance(answer, str) and looks_identifying(answer) and self._wants_to_edit(question):
                display.note(str(Text("plain_type_answer")))
                continue
            if _picked(answer, options):  # a number was typed: say what it stands for, as a sighted user sees it ticked
                display.note(str(Text("plain_chosen", answer=display_value(question, answer, self.bundle))))
            return answer

    def _instructions(self, step: Step, options: list[tuple[int, Choice]]) -> list[str]:
        question = step.question
        if question.type == "multiple":
            lines = [self.bundle.ui.plain_choose_many, str(Text("plain_go_back"))]
        elif options:
            lines = [str(Text("plain_type_number"))]
        else:
            expected = [str(Text("plain_expected", allowed=self._allowed(question)))] if question.type != "text" else []
            lines = [*expected, str(Text("plain_type_answer"))]
        if question.help:
            lines.append(str(Text("plain_help_offer")))
        if step.default is not None:
            lines.append(str(Text("plain_enter_keeps", answer=display_value(question, step.default, self.bundle))))
        elif not question.required:
            lines.append(str(Text("plain_enter_skips")))
        return lines

    def _wants_to_edit(self, question: Question) -> bool:
        display.note(str(Text("walk_privacy_warning", question=question.prompt)))
        display.note(str(Text("plain_privacy_choice")))
        return self._read().lower() != "k"  # as in the full-screen walk, editing is the default: keeping is a choice

    def _interpret(self, question: Question, line: str, options: list[tuple[int, Choice]]) -> Any:
        """Numbers pick options, a special answer may be typed in words; anything else goes to the walk as typed."""
        if question.type == "multiple":
            picked = [self._by_number(part, options) for part in line.replace(",", " ").split()]
            if picked and None not in picked:
                return picked
            return self._typed(question, line)
        found = self._by_number(line, options) if options else None
        if found is not None:
            return found
        found = self._by_label(line, options)
        return found if found is not None else self._typed(question, line)

    @staticmethod
    def _by_number(text: str, options: list[tuple[int, Choice]]) -> AnswerValue | None:
        wanted = int(text) if text.isdigit() else None
        return next((option.value for number, option in options if number == wanted), None)

    @staticmethod
    def _by_label(text: str, options: list[tuple[int, Choice]]) -> AnswerValue | None:
        """An option typed as the list shows it, in the walk's language: "oui" for Oui, "nein" for Nein."""
        wanted = text.casefold()
        return next((option.value for _, option in options if wanted and option.label.casefold() == wanted), None)

    def _read(self) -> str:
        try:
            sys.stderr.write("> ")
            sys.stderr.flush()
            return input().strip()
        except EOFError:
            raise invalid_input(Text("input_ended"), hint=Text("input_ended_hint")) from None

    def show_outcome(self, result: Result) -> None:
        display.note("\n" + self.bundle.ui.outcome_preview)
        plain_result(result, self.bundle)
        self._recap(result)

    def review(self, answers: Mapping[str, AnswerValue], result: Result) -> str | None:
        ui = self.bundle.ui
        shown = display.reviewed_questions(answers, result)
        display.note(f"\n{ui.review_title}")
        for number, question in enumerate(shown, start=1):
            between = after_label(question.prompt, ui.colon)
            answer = display.review_answer(question, answers, self.bundle)
            display.note(f"  {number}. {question.prompt}{between}{answer}", hanging=len(str(number)) + 2)
        for question in identifying_answers(answers, result):
            display.note(str(Text("walk_privacy_review", question=question.prompt)))
        display.note(str(Text("plain_review_choice")))
        while True:
            line = self._read()
            if line == "":
                return None
            if line.isdigit() and 1 <= int(line) <= len(shown):
                return shown[int(line) - 1].id
