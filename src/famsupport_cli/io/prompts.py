"""The terminal askers: the only module that talks to questionary.

`TerminalAsker` uses questionary (arrow keys, Ctrl-B for back); `PlainAsker` asks
numbered questions line by line, for screen readers and simple terminals. Both
only turn keystrokes into raw answers; checking them is the walk's job.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from famsupport_cli.content.bundle import Bundle
from famsupport_cli.content.models import DONT_KNOW, NOT_APPLICABLE, Question
from famsupport_cli.core.answers import allowed_text, special_values
from famsupport_cli.core.conditions import AnswerValue
from famsupport_cli.core.engine import Result
from famsupport_cli.core.walk import BACK, Step
from famsupport_cli.errors import invalid_input
from famsupport_cli.io import display
from famsupport_cli.messages import Text
from famsupport_cli.render.safe import line as safe_line

if TYPE_CHECKING:
    from prompt_toolkit.input import Input
    from prompt_toolkit.output import Output

# Scales up to this many points are offered as a list to pick from; larger ones are typed.
MAX_LISTED_SCALE = 11
_BACK_TOKEN = "\x00famsupport-back"  # noqa: S105 - a sentinel, not a password
_FINISH = "\x00finish"


def _options(question: Question, bundle: Bundle) -> list[tuple[str, AnswerValue]]:
    """(label, value) pairs for a choice-like question, with don't know / not applicable last."""
    ui = bundle.ui
    if question.type == "yesno":
        pairs: list[tuple[str, AnswerValue]] = [(ui.yes, "yes"), (ui.no, "no")]
    elif question.type == "scale":
        assert question.min is not None and question.max is not None
        pairs = []
        for point in range(question.min, question.max + 1):
            label = str(point)
            if point == question.min and question.min_label:
                label += f"  {question.min_label}"
            if point == question.max and question.max_label:
                label += f"  {question.max_label}"
            pairs.append((label, point))
    else:
        pairs = [(option.label, option.value) for option in question.options or []]
    names = {DONT_KNOW: ui.dont_know, NOT_APPLICABLE: ui.not_applicable}
    # Labels come from packs: prompt_toolkit shows control characters as ^[ but passes bidi overrides on.
    return [(safe_line(label), value) for label, value in pairs] + [(names[value], value) for value in special_values(question)]


def _listed(question: Question) -> bool:
    if question.type == "scale":
        return question.max is not None and question.min is not None and question.max - question.min < MAX_LISTED_SCALE
    return question.type in ("single", "yesno")


class _Announcing:
    """What both askers show around a question: the section heading, why an answer was refused, the outcome."""

    bundle: Bundle
    shows_results = True

    def _announce(self, step: Step) -> None:
        ui = self.bundle.ui
        if step.first_in_section:
            display.note("\n" + ui.section_progress.format(number=step.section_number, total=step.section_count, title=step.section.title))
            if step.section.intro:
                display.note(step.section.intro)
        if step.problem is not None:
            display.note(ui.invalid_answer.format(problem=step.problem.message, allowed=step.problem.allowed or "an answer"))

    def show_outcome(self, result: Result) -> None:
        display.note("\n" + self.bundle.ui.outcome_preview)
        display.result(result, self.bundle)


class TerminalAsker(_Announcing):
    """Arrow-key prompts through questionary; prompts render on stderr."""

    def __init__(self, bundle: Bundle, *, input: Input | None = None, output: Output | None = None) -> None:
        self.bundle = bundle
        self._io: dict[str, Any] = {"input": input} if input is not None else {}
        if output is not None:
            self._io["output"] = output
        else:
            from prompt_toolkit.output import create_output

            self._io["output"] = create_output(stdout=sys.stderr)

    # -- the Asker protocol --

    def ask(self, step: Step) -> Any:
        self._introduce(step)
        question = step.question
        if _listed(question):
            return self._select(step)
        if question.type == "multiple":
            return self._checkbox(step)
        return self._text(step)

    def review(self, answers: Mapping[str, AnswerValue], result: Result) -> str | None:
        import questionary

        ui = self.bundle.ui
        display.note("")
        display.answers_table(answers, result, self.bundle)
        choice = self._run(
            questionary.select(
                ui.review_title,
                choices=[
                    questionary.Choice(ui.review_finish, _FINISH),
                    questionary.Choice(ui.review_change, "change"),
                ],
                **self._io,
            )
        )
        if choice != "change":
            return None
        shown = [q for q in result.checklist.questions() if q.id in answers]
        choices = [questionary.Choice(safe_line(q.prompt), q.id) for q in shown]
        picked = self._run(questionary.select(ui.review_which, choices=choices, **self._io))
        return None if picked in (_BACK_TOKEN, None) else str(picked)

    # -- prompts --

    def _introduce(self, step: Step) -> None:
        self._announce(step)
        if step.question.help:
            display.note(f"  ({step.question.help})")

    def _instruction(self, step: Step, extra: str = "") -> str:
        ui = self.bundle.ui
        parts = [extra] if extra else []
        if not step.question.required:
            parts.append(ui.optional_instruction)
        if step.can_go_back:
            parts.append(ui.back_instruction)
        return "(" + "; ".join(parts) + ")" if parts else ""

    def _select(self, step: Step) -> Any:
        import questionary

        choices = [questionary.Choice(label, value, description=None) for label, value in _options(step.question, self.bundle)]
        default = next((c for c in choices if c.value == step.default), None)
        question = questionary.select(
            safe_line(step.question.prompt),
            choices=choices,
            default=default,
            instruction=self._instruction(step, self.bundle.ui.select_instruction),
            **self._io,
        )
        return self._run(question)

    def _checkbox(self, step: Step) -> Any:
        import questionary

        chosen = step.default if isinstance(step.default, list) else [step.default] if isinstance(step.default, str) else []
        choices = [questionary.Choice(label, value, checked=value in chosen) for label, value in _options(step.question, self.bundle)]
        instruction = self._instruction(step, self.bundle.ui.multiple_instruction)
        question = questionary.checkbox(safe_line(step.question.prompt), choices=choices, instruction=instruction, **self._io)
        return self._run(question)

    def _text(self, step: Step) -> Any:
        import questionary

        default = "" if step.default is None else str(step.default)
        # A multi-line prompt whose message is wider than the terminal renders blank in
        # prompt_toolkit, so the question is printed here and the input gets a short label.
        display.note(f"? {step.question.prompt}")
        question = questionary.text(
            self.bundle.ui.your_answer, default=default, multiline=step.question.multiline, instruction=self._instruction(step), **self._io
        )
        answer = self._run(question)
        return None if answer == "" else answer

    def _run(self, question: Any) -> Any:
        """Run a questionary prompt with Ctrl-B bound to 'back'; Ctrl-C propagates as KeyboardInterrupt."""
        from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

        bindings = KeyBindings()

        @bindings.add("c-b")
        def _back(event: Any) -> None:
            event.app.exit(result=_BACK_TOKEN)

        application = question.application
        application.key_bindings = merge_key_bindings([application.key_bindings or KeyBindings(), bindings])
        try:
            answer = question.unsafe_ask()
        except EOFError:
            raise invalid_input(Text("input_ended"), hint=Text("input_ended_hint")) from None
        return BACK if answer == _BACK_TOKEN else answer


class PlainAsker(_Announcing):
    """Numbered, line-by-line questions: no cursor movement, so screen readers follow."""

    def __init__(self, bundle: Bundle) -> None:
        self.bundle = bundle

    def ask(self, step: Step) -> Any:
        ui = self.bundle.ui
        question = step.question
        self._announce(step)
        display.note(f"\n{question.prompt}" + (f" {ui.plain_help_marker}" if question.help else ""))
        options = _options(question, self.bundle) if _listed(question) or question.type == "multiple" else []
        for number, (label, value) in enumerate(options, start=1):
            chosen = value == step.default or (isinstance(step.default, list) and value in step.default)
            display.note(f"  {number}. {label}{' *' if chosen else ''}")
        if question.type == "multiple":
            display.note(ui.plain_choose_many)
        elif not options:
            display.note(f"  ({allowed_text(question)})")
        display.note(ui.plain_instruction)
        while True:
            line = self._read()
            if line == "?" and question.help:
                display.note(question.help)
                continue
            if line.lower() == "b":
                return BACK
            if line == "" and step.default is not None:
                return step.default
            return self._interpret(question, line, options)

    def _interpret(self, question: Question, line: str, options: list[tuple[str, AnswerValue]]) -> Any:
        """Numbers pick options; anything else goes to the walk as typed, to be checked there."""
        if question.type == "multiple":
            picked = [self._by_number(part, options) for part in line.replace(",", " ").split()]
            return line if None in picked else picked
        found = self._by_number(line, options) if options else None
        if found is not None:
            return found
        return line or None

    @staticmethod
    def _by_number(text: str, options: list[tuple[str, AnswerValue]]) -> AnswerValue | None:
        if text.isdigit() and 1 <= int(text) <= len(options):
            return options[int(text) - 1][1]
        return None

    @staticmethod
    def _read() -> str:
        try:
            sys.stderr.write("> ")
            sys.stderr.flush()
            return input().strip()
        except EOFError:
            raise invalid_input(Text("input_ended"), hint=Text("input_ended_hint")) from None

    def review(self, answers: Mapping[str, AnswerValue], result: Result) -> str | None:
        from famsupport_cli.core.summary import display_value

        ui = self.bundle.ui
        shown = [q for q in result.checklist.questions() if q.id in answers]
        display.note(f"\n{ui.review_title}")
        for number, question in enumerate(shown, start=1):
            display.note(f"  {number}. {question.prompt}: {display_value(question, answers[question.id], self.bundle)}")
        display.note(f"{ui.review_which} (Enter: {ui.review_finish})")
        while True:
            line = self._read()
            if line == "":
                return None
            if line.isdigit() and 1 <= int(line) <= len(shown):
                return shown[int(line) - 1].id
