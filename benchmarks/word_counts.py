"""How long the documents famsupport writes are, in words (issue 15).

Run from the repository root, with the virtual environment famsupport is installed in:

    .venv/bin/python benchmarks/word_counts.py

For every decide and reflect case (the golden answers files in tests/golden, the reference answers
of every vignette in content/vignettes and our own realistic cases in tests/cases) it prints the
words of the short document (`--detail note`: the case note, the supervision record) and of the
full sheet (`--detail full`), then the median and the longest of each. The targets: a case note
of at most about 450 words for a typical case and 600 for the longest; a supervision record of at
most about 700 and 900. Words are counted in the body as a reader sees it: the front matter and
the Markdown marks are not words.
"""

from __future__ import annotations

import re
import statistics
import sys
from collections.abc import Iterator
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"decide": (450, 600), "reflect": (700, 900)}  # typical (median), longest
_WORD = re.compile(r"[^\W_](?:[\w'’.-]*[^\W_])?")


def words(markdown: str) -> int:
    """The words of a document's body: without its front matter, its code-free Markdown marks ignored."""
    body = markdown.split("\n---\n", 1)[1] if markdown.startswith("---\n") else markdown
    return len(_WORD.findall(body))


def cases() -> Iterator[tuple[str, str, dict[str, object]]]:
    """(checklist, name, answers) for every case measured."""
    from famsupport_cli.checks.content import load_bundle
    from famsupport_cli.checks.vignettes import load_vignettes
    from famsupport_cli.content import yamlfile

    for folder in (ROOT / "tests" / "golden", ROOT / "tests" / "cases"):
        for path in sorted(folder.glob("*.yaml")):
            data = yamlfile.parse(path.read_text(encoding="utf-8"), path.name).data
            assert isinstance(data, dict)
            yield path.name.split("-", 1)[0], f"{folder.name}/{path.name}", data
    for item in load_vignettes(load_bundle()):
        for checklist_id in ("decide", "reflect"):
            reference = item.reference(checklist_id)
            if reference is not None:
                yield checklist_id, f"vignette {item.vignette.id}", dict(reference.answers)


def measure() -> dict[str, list[tuple[str, int, int]]]:
    """For each checklist: (case, words of the short document, words of the full sheet)."""
    from famsupport_cli.checks.content import load_bundle
    from famsupport_cli.core.engine import evaluate
    from famsupport_cli.core.presets import read_presets
    from famsupport_cli.core.summary import Meta
    from famsupport_cli.core.walk import NoInputAsker, walk
    from famsupport_cli.runner import render_document

    bundle = load_bundle()
    found: dict[str, list[tuple[str, int, int]]] = {"decide": [], "reflect": []}
    for checklist_id, name, raw in cases():
        checklist = bundle.checklist(checklist_id)
        presets = read_presets(raw, name, checklist)
        outcome = walk(checklist, presets.answers, NoInputAsker(), partial(evaluate, bundle, checklist))
        result = evaluate(bundle, checklist, outcome.answers)
        counts = []
        for detail in ("note", "full"):
            meta = Meta(tool_version="0", language="en", date="2026-12-01T10:00:00+00:00", options=("answers",), detail=detail)
            counts.append(words(render_document(result, bundle, meta)))
        found[checklist_id].append((name, counts[0], counts[1]))
    return found


def main() -> int:
    found = measure()
    failed = False
    for checklist_id, rows in found.items():
        document = "case note" if checklist_id == "decide" else "supervision record"
        print(f"\n{checklist_id}: words of the {document} (--detail note) and of the full sheet (--detail full)")
        for name, note, full in rows:
            print(f"  {name:<55} {note:>5} {full:>6}")
        notes = [note for _, note, _ in rows]
        fulls = [full for _, _, full in rows]
        typical, longest = TARGETS[checklist_id]
        median, most = statistics.median(notes), max(notes)
        print(f"  {'median':<55} {median:>5.0f} {statistics.median(fulls):>6.0f}   target <= {typical}")
        print(f"  {'longest':<55} {most:>5} {max(fulls):>6}   target <= {longest}")
        failed = failed or median > typical or most > longest
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
