"""Scale of content packs: validation grows about linearly with the size of a pack.

It used to grow with the square of a pack's size (1,000 questions 5 s, 10,000 over 300 s), so a large
organisation pack, or a hostile one, made every command slow. The test builds a pack adding 500 and
one adding 2,000 questions and rules (chained conditions, as real checklists have) and compares the
CPU times of checking them: four times the content must take about four times as long, not sixteen.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from famsupport_cli.checks.content import check_content


def _start_pack(folder: Path) -> None:
    """A pack folder with its checklists folder and the one source every generated item names."""
    (folder / "checklists").mkdir(parents=True)
    (folder / "sources.yaml").write_text(
        'sources:\n  - id: scale-test\n    kind: organisation\n    title: "A generated pack"\n    publisher: "famsupport tests"\n'
    )


def write_pack(folder: Path, count: int) -> Path:
    """A pack adding a section of `count` questions, each shown after the one before, and `count` rules."""
    _start_pack(folder)
    lines = ["sections:", "  - id: scale", '    title: "Generated"', "    questions:"]
    for number in range(count):
        lines += [
            f"      - id: q{number}",
            "        type: single",
            f'        prompt: "Generated question {number}?"',
            "        options:",
            '          - value: "a"',
            '            label: "A"',
            '          - value: "b"',
            '            label: "B"',
            "        sources:",
            "          - scale-test",
        ]
        if number:
            lines += ["        when:", f"          question: q{number - 1}", "          in:", "            - a", "            - b"]
    lines.append("rules:")
    for number in range(count):
        lines += [
            f"  - id: r{number}",
            "    add_to: agreements",
            "    for_outcomes:",
            "      - hybrid",
            "      - digital",
            "    when:",
            f"      question: q{number}",
            "      equals: a",
            f'    title: "Generated rule {number}"',
            f'    text: "Text of generated rule {number}."',
            '    because: "Generated."',
            "    sources:",
            "      - scale-test",
        ]
    (folder / "checklists" / "decide.yaml").write_text("\n".join(lines) + "\n")
    return folder


def write_compact_pack(folder: Path, count: int) -> Path:
    """The same pack written compactly, one `{...}` per question and rule (as a generated or hostile pack would be)."""
    _start_pack(folder)
    lines = ["sections:", "  - id: scale", "    title: Generated", "    questions:"]
    for number in range(count):
        when = f", when: {{question: q{number - 1}, equals: 'yes'}}" if number else ""
        lines.append(f"      - {{id: q{number}, type: yesno, prompt: 'Generated question {number}?', sources: [scale-test]{when}}}")
    lines.append("rules:")
    for number in range(count):
        lines.append(
            f"  - {{id: r{number}, add_to: agreements, title: 'Rule {number}', text: 'Text {number}.', because: 'Generated.',"
            f" sources: [scale-test], when: {{question: q{number}, equals: 'yes'}}}}"
        )
    (folder / "checklists" / "decide.yaml").write_text("\n".join(lines) + "\n")
    return folder


def _cpu_seconds(pack: Path | None) -> float:
    """The best of three CPU times of checking the content: other processes on the machine count less than in wall time."""
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        bundle, problems = check_content(pack)
        best = min(best, time.process_time() - start)
        assert bundle is not None, [str(problem) for problem in problems if problem.severity == "error"][:5]
    return best


@pytest.mark.timeout(300)
@pytest.mark.parametrize("write", [write_pack, write_compact_pack], ids=["block", "compact"])
def test_validation_grows_about_linearly(tmp_path: Path, write: Callable[[Path, int], Path]) -> None:
    shipped = _cpu_seconds(None)
    small = _cpu_seconds(write(tmp_path / "small", 500)) - shipped
    large = _cpu_seconds(write(tmp_path / "large", 2000)) - shipped
    ratio = large / max(small, 0.01)
    # Linear is 4 and the square 16; measured 3.4 to 6.4 on a busy machine (the 500 case is a tenth of a
    # second, and the collector works harder on the larger pack). 8 lies halfway between the two on a
    # log scale: a return of the square still fails, the machine's noise does not.
    assert ratio < 8, f"500 added: {small:.2f} s, 2,000 added: {large:.2f} s (x{ratio:.1f}); shipped content alone {shipped:.2f} s"
