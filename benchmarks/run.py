"""Start-up and run-time benchmarks for the famsupport command line: its own cost above its libraries.

Run from the repository root, with the virtual environment famsupport is installed in:

    .venv/bin/python benchmarks/run.py [--repeat N] [--group N] [--group-rounds N] [--check]

Every case is a fresh process. The cases run interleaved (round-robin: each round runs every
case once, in turn), so that a slow moment of the machine hits all of them alike; after one
warm-up round that is not counted, each figure is the median over N rounds (default 20).
Each famsupport command is compared with what the same installed libraries cost without
famsupport (issue 12, "Performance after the change"):

    famsupport --help              bare Typer app, same commands and options, --help            target: <= 1.25x
    scripted decide / reflect      that app reading and validating the answers file (pydantic)  target: <= 1.3x
    first question of a walk       python -c "import questionary, rich, typer, yaml, pydantic"   target: <= 1.3x
    the bare app's first question  that floor (the libraries alone: Typer, then questionary)    shown, no target
    batch / report of 5 files      the bare app's scripted decide                               shown, no target
    a group of --group N files     batch, then report over them                 target: batch < 10x one scripted decide

The bare app is generated from famsupport's own Click tree (`bare_app_source`) into the
scratch folder, so it keeps the same options as the commands change. The first question of
an interactive walk is timed in a pty: from the start of `famsupport decide` until the first
question's prompt is on the screen (the child is then killed).

The group case (default 1,000 files) runs after the rounds, in --group-rounds rounds (default
3) of its own, after one warm-up round: three scripted decides, then batch into a fresh
folder, then report; its ratio compares medians of those same rounds (see `measure_group`),
and the user and system CPU times are shown beside the wall time.

Peak memory is the largest resident set of the child process over all its runs (os.wait4),
with a target of under 80 MB for every famsupport command. The famsupport command is the
console script next to this Python (what a user runs), else `python -m famsupport_cli`.
Targets are printed as PASS or FAIL; with --check the exit code is 1 if any target fails.
Nothing here is a test: pytest makes no timing assertions.

To add a case, append a Case to the list that `cases()` returns (and, if it needs files,
prepare them in `prepare()`).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
HELP_TARGET = 1.25
SCRIPTED_TARGET = 1.3
FIRST_QUESTION_TARGET = 1.3
MEMORY_TARGET_MB = 80.0


def famsupport_command() -> list[str]:
    """The console script in the same bin folder as this Python (as a user runs it), else `python -m famsupport_cli`."""
    bindir = Path(sys.executable).parent
    for name in ("famsupport", "famsupport.exe"):
        script = bindir / name
        if script.is_file() and os.access(script, os.X_OK):
            return [str(script)]
    return [sys.executable, "-m", "famsupport_cli"]


@dataclass
class Case:
    name: str
    argv: list[str]
    floor: str | None = None  # the name of the floor case this one is compared with; None for a floor
    ratio_target: float | None = None
    memory_target_mb: float | None = None
    until_on_screen: str | None = None  # run in a pty and stop the clock when this text is on its screen
    times_ms: list[float] = field(default_factory=list)
    peak_mb: float = 0.0
    failures: list[str] = field(default_factory=list)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.times_ms) if self.times_ms else float("nan")


@dataclass
class Workspace:
    """Files and folders the cases need, in a temporary folder; the environment every child gets."""

    folder: Path
    env: dict[str, str]
    has_batch: bool = False
    has_report: bool = False


def prepare(folder: Path, cli: list[str]) -> Workspace:
    env = {**os.environ, "FAMSUPPORT_HOME": str(folder / "home"), "NO_COLOR": "1", "COLUMNS": "100"}
    # PYTHONDONTWRITEBYTECODE would make every run compile changed modules again, a cost no
    # installed copy pays: the warm-up round writes the bytecode, as a user's first run does.
    for name in ("FAMSUPPORT_CONTENT", "FAMSUPPORT_DEBUG", "FORCE_COLOR", "SOURCE_DATE_EPOCH", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    workspace = Workspace(folder, env)
    workspace.has_batch = _works([*cli, "batch", "--help"], env)
    workspace.has_report = _works([*cli, "report", "--help"], env)
    if workspace.has_batch:
        # The summaries `report` reads: written once, by batch itself.
        _works([*cli, "batch", "decide", *map(str, sorted(GOLDEN.glob("decide-*.yaml"))), "--output-dir", str(folder / "group")], env)
    (folder / "bare_app.py").write_text(bare_app_source(), encoding="utf-8")
    return workspace


def bare_app_source() -> str:
    """A Typer app with famsupport's commands, groups and options (names, types, help), and none of its work.

    Generated from famsupport's own Click tree, so that it keeps up with the commands. Its
    commands with an --answers option read that file with PyYAML and validate it with pydantic.
    Click's classes are known by name: Typer 0.26 and later carry their own copy of Click.
    """
    import typer.main

    from famsupport_cli.cli import app

    root = typer.main.get_command(app)
    prompt, labels = first_question()
    lines = [_BARE_HEADER.format(help=root.help or "", prompt=prompt, labels=labels)]
    counter = iter(range(1000))

    def emit(group: Any, owner: str) -> None:
        for name, command in group.commands.items():
            if hasattr(command, "commands"):
                sub = f"group_{next(counter)}"
                lines.append(f"{sub} = typer.Typer(no_args_is_help=True, help={command.help or ''!r})")
                lines.append(f"{owner}.add_typer({sub}, name={name!r})")
                emit(command, sub)
                continue
            function = f"command_{next(counter)}"
            params = [param for param in command.params if param.name]
            ordered = [param for param in params if param.param_type_name == "argument" and param.required]
            ordered += [param for param in params if param not in ordered]
            lines.append(f"@{owner}.command({name!r}, help={command.help or ''!r})")
            lines.append(f"def {function}(" + ", ".join(_bare_parameter(param) for param in ordered) + ") -> None:")
            lines.append("    _answers(answers)" if any(param.name == "answers" for param in params) else "    pass")
            if name == "decide":  # on a terminal, with nothing given: the first question, as famsupport asks it
                lines.append("    if answers is None and not no_input and sys.stdin.isatty():")
                lines.append("        _first_question()")
            lines.append("")

    emit(root, "app")
    lines[1:1] = _CHOICES
    lines += ["", 'if __name__ == "__main__":', "    app()", ""]
    return "\n".join(lines)


def _is(thing: object, class_name: str) -> bool:
    return any(kind.__name__ == class_name for kind in type(thing).__mro__)


def _bare_parameter(param: Any) -> str:
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)  # Typer 0.26+: the Python type
    choices: list[str] = []
    if annotation is not None:
        kind = "Path" if annotation is Path else "int" if annotation is int else "str"
        choices = [str(member.value) for member in annotation] if isinstance(annotation, type) and issubclass(annotation, Enum) else []
    else:  # earlier Typer: Click's parameter types
        kind = "Path" if _is(param.type, "Path") else "int" if _is(param.type, "IntParamType") else "str"
        choices = [str(choice) for choice in param.type.choices] if _is(param.type, "Choice") else []
    if choices:  # a choice becomes an Enum, as in famsupport
        kind = f"_choice_{param.name}"
        if not any(line.startswith(f"{kind} = ") for line in _CHOICES):
            _CHOICES.append(f"{kind} = Enum({param.name!r}, {[(choice, choice) for choice in choices]!r}, type=str)\n")
    names = ", ".join(repr(name) for name in param.opts if name.startswith("-"))  # Typer 0.29 lists the Python name too
    if param.param_type_name == "option" and param.is_flag:
        return f"{param.name}: Annotated[bool, typer.Option({names}, help={param.help!r})] = False"
    many = param.multiple or param.nargs == -1
    annotation = f"list[{kind}]" if many else kind
    if param.param_type_name == "argument":
        return f"{param.name}: Annotated[{annotation}, typer.Argument()]" + ("" if param.required else " = None")
    declared = f"typer.Option({names}, help={param.help!r})"
    if param.required:
        return f"{param.name}: Annotated[{annotation}, {declared}]"
    return f"{param.name}: Annotated[{annotation} | None, {declared}] = None"


_CHOICES: list[str] = []  # the Enum classes of the choices seen, written into the bare app before its commands


def first_question() -> tuple[str, list[str]]:
    """Decide's first question: its prompt and the labels of its options."""
    import yaml

    checklist = yaml.safe_load((ROOT / "content" / "checklists" / "decide.yaml").read_text(encoding="utf-8"))
    question = checklist["sections"][0]["questions"][0]
    return question["prompt"], [option["label"] for option in question.get("options", [])] or ["yes", "no"]


def first_question_prompt() -> str:
    """The first words of decide's first question, which the pty cases wait for."""
    return " ".join(first_question()[0].split()[:4])


# The one start-up trick kept: the commands import the content stack (pydantic, PyYAML, the
# models, the engine) when they need content, not at the top. This case imports it first and
# then runs the same `--help`; the difference is what the trick buys (it stays at >= 10 ms).
EAGER_HELP = "--help, content stack imported first"
EAGER_IMPORTS = (
    "import famsupport_cli.checks.content, famsupport_cli.io.cache, famsupport_cli.core.summary,"
    " famsupport_cli.content.yamlfile, famsupport_cli.runner\n"
)
_MAIN = "import sys\nsys.argv = {argv!r}\nfrom famsupport_cli.cli import main\nmain()\n"
LAZY_TRICK_MIN_MS = 10.0
FIRST, BARE_FIRST = "decide: first question on screen", "bare app: decide, first question"


def cases(cli: list[str], workspace: Workspace) -> list[Case]:
    python = [sys.executable, "-c"]
    bare = [sys.executable, str(workspace.folder / "bare_app.py")]
    scripted = ["--no-input", "--output", "-"]
    decide_answers, reflect_answers = GOLDEN / "decide-digital.yaml", GOLDEN / "reflect-no-peer-space.yaml"
    decide = [*cli, "decide", *scripted, "--answers", str(decide_answers)]
    reflect = [*cli, "reflect", *scripted, "--answers", str(reflect_answers)]
    bare_help, bare_decide, bare_reflect = "bare Typer app --help", "bare app: decide (yaml+pydantic)", "bare app: reflect (yaml+pydantic)"
    imports = "floor: import questionary, rich, typer, ..."
    found = [
        Case(bare_help, [*bare, "--help"]),
        Case(bare_decide, [*bare, "decide", *scripted, "--answers", str(decide_answers)]),
        Case(bare_reflect, [*bare, "reflect", *scripted, "--answers", str(reflect_answers)]),
        Case(imports, [*python, "import questionary, rich, typer, yaml, pydantic"]),
        # No target: what the libraries alone cost to put the first question on screen (Typer
        # builds and parses its commands, questionary asks), against the same floor.
        Case(BARE_FIRST, [*bare, "decide", "--output", "-"], imports, until_on_screen=first_question_prompt()),
        Case("famsupport --help", [*cli, "--help"], bare_help, HELP_TARGET, MEMORY_TARGET_MB),
        Case("famsupport --version", [*cli, "--version"], bare_help, None, MEMORY_TARGET_MB),
        Case(EAGER_HELP, [*python, EAGER_IMPORTS + _MAIN.format(argv=["famsupport", "--help"])], "famsupport --help"),
        Case("decide (scripted)", decide, bare_decide, SCRIPTED_TARGET, MEMORY_TARGET_MB),
        Case("reflect (scripted)", reflect, bare_reflect, SCRIPTED_TARGET, MEMORY_TARGET_MB),
        Case(
            FIRST,
            [*cli, "decide", "--output", "-"],
            imports,
            FIRST_QUESTION_TARGET,
            MEMORY_TARGET_MB,
            until_on_screen=first_question_prompt(),
        ),
    ]
    if workspace.has_batch:
        group = sorted(GOLDEN.glob("decide-*.yaml"))
        batch = [*cli, "batch", "decide", *map(str, group), "--output-dir", str(workspace.folder / "batch-out"), "--force"]
        found.append(Case(f"batch decide ({len(group)} files)", batch, bare_decide, None, MEMORY_TARGET_MB))
    if workspace.has_report:
        report = [*cli, "report", str(workspace.folder / "group"), "--format", "markdown"]
        found.append(Case("report (5 summaries)", report, bare_decide, None, MEMORY_TARGET_MB))
    return found


_BARE_HEADER = '''"""A bare Typer app with famsupport's commands and options, generated by benchmarks/run.py."""
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(name="famsupport", help={help!r}, no_args_is_help=True, add_completion=False,
                  context_settings={{"help_option_names": ["-h", "--help"]}}, rich_markup_mode="rich",
                  pretty_exceptions_enable=False)


def _answers(path: Path | None) -> None:
    if path is None:
        return
    import yaml
    from pydantic import TypeAdapter

    adapter = TypeAdapter(dict[str, int | str | list[str] | None])
    answers = adapter.validate_python(yaml.safe_load(Path(path).read_text(encoding="utf-8")))
    sys.stdout.write(json.dumps(answers, indent=2) + "\\n")


def _first_question() -> None:
    import questionary

    questionary.select({prompt!r}, choices={labels!r}).ask()

'''


def _works(argv: Sequence[str], env: dict[str, str]) -> bool:
    try:
        done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def _maxrss_mb(maxrss: int) -> float:
    """ru_maxrss is in kilobytes on Linux and the BSDs, in bytes on macOS."""
    return maxrss / (1024 * 1024) if sys.platform == "darwin" else maxrss / 1024


def run_once(case: Case, env: dict[str, str], errors: Path) -> tuple[float, float | None, int]:
    """Run the case once: wall time in ms, peak RSS of the child in MB (None where unknown), exit code."""
    if case.until_on_screen is not None:
        return run_until_on_screen(case.argv, env, case.until_on_screen, errors)
    with errors.open("wb") as stderr:
        start = time.perf_counter()
        child = subprocess.Popen(case.argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr)
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(child.pid, 0)
            elapsed = time.perf_counter() - start
            child.returncode = os.waitstatus_to_exitcode(status)
            peak: float | None = _maxrss_mb(usage.ru_maxrss)
        else:  # no wait4 (Windows): time only
            child.wait()
            elapsed = time.perf_counter() - start
            peak = None
    return elapsed * 1000, peak, child.returncode


_ESCAPES = re.compile(rb"\x1b(\[[0-9;?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\\\)|[@-Z\\\\-_])")


def run_until_on_screen(argv: list[str], env: dict[str, str], text: str, errors: Path) -> tuple[float, float | None, int]:
    """Start argv in a pty (100x30) and time it until `text` is on the screen; then kill it (exit 0 if seen)."""
    import fcntl
    import pty
    import struct
    import termios

    wanted = " ".join(text.split()).encode()
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: exec at once, nothing else
        try:
            os.execve(argv[0], argv, env)
        finally:
            os._exit(127)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    seen, screen = False, b""
    deadline = start + 30
    while not seen and time.perf_counter() < deadline:
        ready, _, _ = select.select([fd], [], [], 1.0)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the child closed the pty: it ended
            break
        if not chunk:
            break
        screen += chunk
        seen = wanted in b" ".join(_ESCAPES.sub(b"", screen).split())
    elapsed = time.perf_counter() - start
    os.kill(pid, signal.SIGKILL)
    _, _, usage = os.wait4(pid, 0)
    os.close(fd)
    if not seen:
        errors.write_bytes(b"never showed: " + wanted + b"; screen ended with: " + screen[-200:])
    return elapsed * 1000, _maxrss_mb(usage.ru_maxrss), 0 if seen else 1


def measure(all_cases: list[Case], rounds: int, env: dict[str, str], scratch: Path) -> None:
    errors = scratch / "stderr.txt"
    for round_number in range(rounds + 1):  # round 0 warms the caches and compiles bytecode; it is not counted
        for case in all_cases:
            elapsed, peak, code = run_once(case, env, errors)
            if code != 0:
                message = errors.read_text(encoding="utf-8", errors="replace").strip().splitlines()
                case.failures.append(f"exit {code}: {message[0] if message else ''}")
            if round_number == 0:
                continue
            case.times_ms.append(elapsed)
            if peak is not None:
                case.peak_mb = max(case.peak_mb, peak)


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def report(all_cases: list[Case], workspace: Workspace, rounds: int, cli: list[str]) -> bool:
    by_name = {case.name: case for case in all_cases}
    print(f"famsupport benchmarks: {rounds} interleaved rounds (+1 warm-up), medians; {len(all_cases)} cases per round")
    print(f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, {os.cpu_count()} CPUs")
    print(f"famsupport command: {' '.join(cli)}")
    print()
    header = f"{'case':<38} {'median':>9} {'p25-p75':>13} {'floor':>9} {'ratio':>7} {'time target':>16} {'peak':>8} {'memory target':>15}"
    print(header)
    print("-" * len(header))
    all_ok = True
    for case in all_cases:
        spread = statistics.quantiles(case.times_ms, n=4) if len(case.times_ms) >= 2 else [case.median_ms, case.median_ms, case.median_ms]
        spread_text = f"{spread[0]:.0f}-{spread[2]:.0f}"
        peak_text = f"{case.peak_mb:.1f} MB" if case.peak_mb else "n/a"
        if case.floor is None:
            print(f"{case.name:<38} {case.median_ms:>6.1f} ms {spread_text:>13} {'':>9} {'':>7} {'':>16} {peak_text:>8}")
            continue
        floor = by_name[case.floor]
        ratio = case.median_ms / floor.median_ms
        time_ok = case.ratio_target is None or ratio <= case.ratio_target
        memory_ok = case.memory_target_mb is None or (0 < case.peak_mb < case.memory_target_mb)
        ok = time_ok and memory_ok and not case.failures
        all_ok &= ok
        time_target = f"<= {case.ratio_target:.2f}x {_verdict(time_ok)}" if case.ratio_target else ""
        memory_target = f"< {case.memory_target_mb:.0f} MB {_verdict(memory_ok)}" if case.memory_target_mb else ""
        print(
            f"{case.name:<38} {case.median_ms:>6.1f} ms {spread_text:>13} {floor.median_ms:>6.1f} ms {ratio:>6.2f}x "
            f"{time_target:>16} {peak_text:>8} {memory_target:>15}"
        )
    print()
    if EAGER_HELP in by_name and "famsupport --help" in by_name:
        bought = by_name[EAGER_HELP].median_ms - by_name["famsupport --help"].median_ms
        kept = bought >= LAZY_TRICK_MIN_MS
        print(f"lazy content imports buy {bought:.0f} ms on --help (rule: >= {LAZY_TRICK_MIN_MS:.0f} ms): {'keep' if kept else 'REMOVE'}")
    if BARE_FIRST in by_name and FIRST in by_name:
        own = by_name[FIRST].median_ms - by_name[BARE_FIRST].median_ms
        bare_ratio = by_name[BARE_FIRST].median_ms / by_name[by_name[BARE_FIRST].floor or ""].median_ms
        print(
            f"first question: the bare app alone is at {bare_ratio:.2f}x the floor; famsupport adds {own:.0f} ms to it"
            f" ({by_name[FIRST].median_ms / by_name[BARE_FIRST].median_ms:.2f}x the bare app)"
        )
    if not (workspace.has_batch and workspace.has_report):
        print("batch/report: not measured (commands not available)")
    for case in all_cases:
        if case.failures:
            all_ok = False
            print(f"{case.name}: FAILED in {len(case.failures)} of {rounds + 1} runs, e.g. {case.failures[0]}")
    print(f"Overall: {'PASS, every target met' if all_ok else 'FAIL, some targets missed'}")
    return all_ok


GROUP_TARGET = 10.0  # 1,000 files through batch in under ten scripted runs


def measure_group(cli: list[str], workspace: Workspace, size: int, rounds: int) -> bool:
    """A trainer's group: `size` answers files (golden cases, varied) through batch, then report.

    After one warm-up round that is not counted, each round runs one scripted decide three
    times, then batch (into a fresh folder), then report; the ratio compares the medians of the
    same rounds. os.sync() runs before each batch, so that it does not pay for the writeback of
    what earlier steps left in the page cache (the answers files, the last round's summaries).
    The user and system CPU times are shown beside the wall time: famsupport's own work is
    user time; creating a thousand files costs system time, which on this project's VMs swung
    between 0.1 and 0.95 s from one run to the next (see the README, Performance).
    """
    folder = workspace.folder / "group-of-many"
    answers = folder / "answers"
    answers.mkdir(parents=True)
    golden = sorted(GOLDEN.glob("decide-*.yaml"))
    for index in range(size):
        text = golden[index % len(golden)].read_text(encoding="utf-8")
        (answers / f"p{index:04d}.yaml").write_text(text.replace("sessions_today: 1", f"sessions_today: {index % 5}"), encoding="utf-8")
    scripted = [*cli, "decide", "--no-input", "--answers", str(GOLDEN / "decide-digital.yaml"), "--output", "-"]
    runs: dict[str, list[tuple[float, float, float]]] = {"scripted": [], "batch": [], "report": []}
    for round_number in range(rounds + 1):  # round 0 warms up and is not counted
        summaries = folder / f"summaries-{round_number}"
        _sync()
        for _ in range(3):
            runs["scripted"].append(_timed(scripted, workspace.env))
        _sync()
        runs["batch"].append(_timed([*cli, "batch", "decide", str(answers), "--output-dir", str(summaries)], workspace.env))
        runs["report"].append(_timed([*cli, "report", str(answers), str(summaries), "--format", "json"], workspace.env))
        if round_number == 0:
            runs = {name: [] for name in runs}
    wall, user, system = ({name: statistics.median(run[part] for run in found) for name, found in runs.items()} for part in range(3))
    ratio = wall["batch"] / wall["scripted"]
    ok = ratio < GROUP_TARGET
    spread = f"{min(run[0] for run in runs['batch']):.2f}-{max(run[0] for run in runs['batch']):.2f} s"
    print(
        f"group of {size}, {rounds} rounds: batch {wall['batch']:.2f} s ({spread}) = {ratio:.1f}x one scripted decide "
        f"({wall['scripted'] * 1000:.0f} ms; target < {GROUP_TARGET:.0f}x {_verdict(ok)}); report {wall['report']:.2f} s\n"
        f"  CPU: batch user {user['batch']:.2f} s + system {system['batch']:.2f} s; "
        f"one scripted decide user {user['scripted'] * 1000:.0f} ms + system {system['scripted'] * 1000:.0f} ms; "
        f"user time ratio {user['batch'] / user['scripted']:.1f}x"
    )
    return ok


def _timed(argv: Sequence[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall, user and system time of one run, in seconds; the CPU times are NaN where unknown."""
    started = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if not hasattr(os, "wait4"):  # Windows: wall time only
        child.wait()
        return time.perf_counter() - started, float("nan"), float("nan")
    _, _, usage = os.wait4(child.pid, 0)
    child.returncode = 0  # reaped by wait4: stop Popen from waiting for it again
    return time.perf_counter() - started, usage.ru_utime, usage.ru_stime


def _sync() -> None:
    if hasattr(os, "sync"):
        os.sync()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=20, help="measured rounds (each runs every case once); default 20")
    parser.add_argument("--check", action="store_true", help="exit 1 if any target is missed")
    parser.add_argument("--group", type=int, default=1000, help="files in the group case (batch, then report); 0 skips it")
    parser.add_argument("--group-rounds", type=int, default=3, help="rounds of the group case; default 3")
    options = parser.parse_args(argv)
    if options.repeat < 1:
        parser.error("--repeat must be at least 1")
    cli = famsupport_command()
    with tempfile.TemporaryDirectory(prefix="famsupport-bench-") as scratch:
        workspace = prepare(Path(scratch), cli)
        all_cases = cases(cli, workspace)
        measure(all_cases, options.repeat, workspace.env, Path(scratch))
        ok = report(all_cases, workspace, options.repeat, cli)
        if options.group and workspace.has_batch:
            ok &= measure_group(cli, workspace, options.group, max(1, options.group_rounds))
    return 1 if options.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
