"""The command line's entry point: the Typer app with every command module registered on import.

`main` is what the console script runs. It stops on signals as on Ctrl-C (SIGINT, SIGTERM and
SIGHUP: drafts kept, temporary files removed, exit 128 + the signal's number), and shows
Click's own usage errors (no such option, a missing argument) in the tool's words and style.
"""

# Every statement but the docstring is inside this guard, the first import included: a Ctrl-C
# during `from __future__ import annotations` (an import like any other, read from disk) once
# showed a traceback through this file's first line (CI, Python 3.11, 1 run in 40).
try:  # Ctrl-C while Python is still importing the app (before main's handlers exist): exit 130, no traceback
    import sys

    _lost_while_importing: list[BaseException] = []

    def _keep_lost_interrupt(info: "sys.UnraisableHookArgs") -> None:  # quoted: a name only type checkers know
        """A Ctrl-C that lands in a weakref callback of the import machinery: Python swallows it
        there ("Exception ignored"), so it is kept and raised once the imports are done."""
        if isinstance(info.exc_value, KeyboardInterrupt):
            _lost_while_importing.append(info.exc_value)
        else:
            sys.__unraisablehook__(info)

    sys.unraisablehook = _keep_lost_interrupt
    import contextlib
    import os
    import signal
    from difflib import get_close_matches
    from enum import Enum
    from types import FrameType
    from typing import Any

    import typer
    import typer.core
    import typer.main

    from famsupport_cli.app import STOP_SIGNALS, app, use_language_of
    from famsupport_cli.commands import batch, checklists, config, content, drafts, journal, report, training
    from famsupport_cli.errors import ExitCode, FamsupportError, invalid_input
    from famsupport_cli.io import display
    from famsupport_cli.messages import Text

    if _lost_while_importing:
        raise KeyboardInterrupt
except BaseException as stopped:
    import sys  # already loaded by Python itself: bound again here, as the interrupt may have come before the first line

    # Python 3.11 wraps an interrupt inside a class body's __set_name__ in a RuntimeError: look along the chain.
    cause: BaseException | None = stopped
    while cause is not None and not isinstance(cause, KeyboardInterrupt):
        cause = cause.__cause__
    if cause is None:
        raise
    sys.stderr.write("\n")
    raise SystemExit(130) from None

__all__ = ["app", "main"]
COMMAND_MODULES = (
    checklists,
    content,
    journal,
    config,
    drafts,
    training,
    batch,
    report,
)  # imported for their commands, which register on `app`
_stopped_by: list[int] = []  # the signal that stopped this run, if one did
_running: list[bool] = []  # set while main runs the command: a lost interrupt is sent again only then


def main() -> None:
    """Console-script entry point."""
    try:  # everything, the handlers' own installation included: a Ctrl-C can come between any two lines
        sys.unraisablehook = _unraisable
        _running.append(True)
        for number in STOP_SIGNALS:
            signal.signal(number, _stop)
        # famsupport uses no pydantic plugins; looking for them scans every installed package's
        # metadata at the first model. A user who sets the variable keeps their own choice.
        os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
        code = run(sys.argv[1:])
    except KeyboardInterrupt:  # outside any command: while parsing, or before a command started
        _ignore_stop_signals()  # a second Ctrl-C does not interrupt this message
        sys.stderr.write(f"\n{Text('interrupted')}\n")
        code = int(ExitCode.INTERRUPTED)
    _ignore_stop_signals()  # the run is over: a signal from now on does not turn its exit into a traceback
    _running.clear()
    if _stopped_by and code == ExitCode.INTERRUPTED:
        code = 128 + _stopped_by[0]  # SIGTERM 143, SIGHUP 129: as a shell reports a run ended by the signal
    sys.exit(code)


def run(argv: list[str]) -> int:
    """Run the command line `argv`; its exit code. Click's usage errors become the tool's error output."""
    command = typer.main.get_command(app)
    _flags_without_placeholder(command)
    try:
        result = command.main(argv, prog_name="famsupport", standalone_mode=False)
    except typer.Abort:
        sys.stderr.write(f"\n{Text('interrupted')}\n")
        return int(ExitCode.INTERRUPTED)
    except Exception as problem:
        if not _is_usage_error(problem):
            raise
        if type(problem).__name__ == "NoArgsIsHelpError":  # a group without its command: its help (already shown with rich)
            message = str(getattr(problem, "message", "")).strip()
            if message:
                sys.stderr.write(message + "\n")
            return int(ExitCode.INVALID_INPUT)
        use_language_of(argv)
        display.error(usage_error(problem, argv))
        return int(ExitCode.INVALID_INPUT)
    return result if isinstance(result, int) else 0


def _flags_without_placeholder(command: Any, parent: typer.Context | None = None) -> None:  # Typer's own copy of a Click command
    """A flag takes no value, so its line in the help shows none: Typer 0.29 writes `<bool>` there.

    `--help` included, which Click makes for each command from its context.
    """
    context = typer.Context(command, parent=parent, info_name=command.name, **(command.context_settings if parent is None else {}))
    for param in [*command.params, command.get_help_option(context)]:
        if isinstance(param, typer.core.TyperOption) and param.is_flag and param.metavar is None:
            param.metavar = ""
    for sub in getattr(command, "commands", {}).values():
        _flags_without_placeholder(sub, context)


def _ignore_stop_signals() -> None:
    """Ignore the stop signals; one that comes while this ignores them is dropped (`_stop` ignores them all first).

    A stop still to be sent again (see `_unraisable`) is called off too.
    """
    try:
        if hasattr(signal, "setitimer"):
            signal.setitimer(signal.ITIMER_REAL, 0)
        for number in STOP_SIGNALS:
            signal.signal(number, signal.SIG_IGN)
    except KeyboardInterrupt:
        pass


def _stop(number: int, frame: FrameType | None) -> None:
    """The first stop signal interrupts the run as Ctrl-C does; later ones are ignored while it stops."""
    del frame
    _stopped_by.append(number)
    for each in STOP_SIGNALS:
        signal.signal(each, signal.SIG_IGN)
    raise KeyboardInterrupt


def _unraisable(info: "sys.UnraisableHookArgs") -> None:
    """An interrupt where Python cannot raise one (a weakref callback while importing, a `__del__`).

    Python would print it as "Exception ignored" with a traceback, and the run would go on as if
    nobody had pressed Ctrl-C. Instead it is sent again a moment later, from a timer, to stop the
    run at the next line that can stop: not from here, where it would only be ignored again.
    """
    if not isinstance(info.exc_value, KeyboardInterrupt):
        sys.__unraisablehook__(info)
        return
    if not (_running and _stopped_by):  # after the run: nothing left to stop
        return
    number = _stopped_by.pop()
    for each in STOP_SIGNALS:  # a further Ctrl-C stops the run as the first should have
        signal.signal(each, _stop)
    if hasattr(signal, "setitimer"):  # not on Windows: there the next Ctrl-C does it
        signal.signal(signal.SIGALRM, lambda _alarm, frame: _stop(number, frame))
        signal.setitimer(signal.ITIMER_REAL, 0.01)


def _is_usage_error(problem: Exception) -> bool:
    """Click's UsageError (Typer 0.26+ carries its own copy of Click, so it is known by its name)."""
    return any(kind.__name__ == "UsageError" for kind in type(problem).__mro__)


def usage_error(problem: Exception, argv: list[str]) -> FamsupportError:
    """A usage error from Click (no such option or command, a missing or bad value) in the tool's words."""
    kind = type(problem).__name__
    context = getattr(problem, "ctx", None)
    hint: Text | None = Text("usage_hint", command=context.command_path) if context is not None else None
    param = getattr(problem, "param", None)
    what = _named(param) if param is not None else getattr(problem, "param_hint", None)
    if kind == "NoSuchOption":
        suggestions = sorted(getattr(problem, "possibilities", None) or [])
        if suggestions:
            hint = Text("usage_did_you_mean", suggestions=", ".join(suggestions))
        return invalid_input(Text("usage_no_such_option", option=getattr(problem, "option_name", "")), hint=hint)
    if kind == "MissingParameter" and what:
        return invalid_input(Text("usage_missing", what=what), hint=hint)
    said = str(getattr(problem, "message", ""))  # Click's English words: recognised here, never shown
    if kind == "BadOptionUsage" and "requires an argument" in said:
        return invalid_input(Text("usage_needs_value", option=getattr(problem, "option_name", "")), hint=hint)
    if kind == "BadOptionUsage" and "does not take a value" in said:
        return invalid_input(Text("usage_takes_no_value", option=getattr(problem, "option_name", "")), hint=hint)
    if kind == "UsageError" and said.startswith("Got unexpected extra argument") and context is not None:
        extra = said.split(" ", 4)[-1].removeprefix("(").removesuffix(")").split()  # "...extra argument(s) (a b)"
        arguments = ", ".join(f"'{argument}'" for argument in extra)
        return invalid_input(Text("usage_extra_arguments", command=context.command_path, arguments=arguments), hint=hint)
    unknown = _unknown_command(context, argv)
    if unknown is not None:
        commands = sorted(getattr(getattr(context, "command", None), "commands", {}))
        close = get_close_matches(unknown, commands)
        hint = Text("usage_did_you_mean", suggestions=", ".join(close)) if close else hint
        return invalid_input(Text("usage_no_such_command", command=unknown), hint=hint)
    choices, bounds, given = _choices(param), _bounds(param), _given(problem)
    refused = Text("usage_cannot_be", what=what, value=given) if kind == "BadParameter" and what and given is not None else None
    if refused is not None and choices:
        return invalid_input(refused, hint=Text("choose_one_of", values=", ".join(choices)))
    if refused is not None and bounds is not None:
        allowed = Text("allowed_number", low=bounds[0], high=bounds[1], special="")
        return invalid_input(refused, hint=Text("expected_value", allowed=allowed))
    if kind == "BadParameter" and what:
        return invalid_input(Text("usage_bad_value", what=what, detail=said), hint=hint)
    return invalid_input(str(getattr(problem, "message", problem)), hint=hint)


def _choices(param: object) -> list[str]:
    """The values a choice takes (an Enum in Typer 0.26+, Click's Choice before); [] for any other parameter."""
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return [str(member.value) for member in annotation]
    return [str(choice) for choice in getattr(getattr(param, "type", None), "choices", None) or []]


def _bounds(param: object) -> tuple[int, int] | None:
    """The lowest and highest whole number a parameter takes (Typer 0.29 keeps them on it, Click's IntRange before)."""
    for holder in (param, getattr(param, "type", None)):
        low, high = getattr(holder, "min", None), getattr(holder, "max", None)
        if isinstance(low, int) and isinstance(high, int):
            return low, high
    return None


def _given(problem: Exception) -> str | None:
    """The value the command line gave a parameter that refused it, if the error says.

    Typer 0.29 validates with pydantic, whose error holds the input; Click's Choice and IntRange
    (Typer 0.26) name it in their message.
    """
    errors = getattr(problem.__cause__, "errors", None)
    if callable(errors):
        with contextlib.suppress(Exception):
            return str(errors()[0]["input"])
    said = str(getattr(problem, "message", ""))
    for refusal in ("' is not one of", "' is not a valid integer"):  # Click's Choice and IntRange
        if said.startswith("'") and refusal in said:
            return said[1 : said.index(refusal)]
    if " is not in the range" in said:
        return said[: said.index(" is not in the range")]
    return None


def _named(param: object) -> str:
    """An option by its names ('--output-dir' / '-d'), an argument by its placeholder ('CHECKLIST')."""
    if getattr(param, "param_type_name", "") == "argument":
        return f"'{str(getattr(param, 'metavar', None) or getattr(param, 'name', '')).upper()}'"
    return " / ".join(f"'{name}'" for name in getattr(param, "opts", []))


def _unknown_command(context: object, argv: list[str]) -> str | None:
    """The name a group was given that is none of its commands, if that is what went wrong (Click keeps no record of it)."""
    commands = getattr(getattr(context, "command", None), "commands", None)
    if commands is None:
        return None
    depth = len(str(getattr(context, "command_path", "")).split()) - 1  # the words of the group's own path
    words = [arg for arg in argv if not arg.startswith("-")]
    return words[depth] if len(words) > depth and words[depth] not in commands else None
