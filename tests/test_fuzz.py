"""Fuzzing answers files and content folders: whatever the input, a clear message and a documented exit code.

The property, for every generated input: no traceback, no uncaught exception, exit code
0 or 2 (README "Exit codes": 2 is invalid input), and on 2 a message on stderr that
starts with "Error:". Exit 1 ("Something went wrong inside famsupport ... This is a bug")
counts as a failure here: a malformed file is the user's input, not famsupport's bug.

Inputs that would exhaust the test process itself if the property failed (a stack overflow
in the C YAML parser, memory blow-up) run in a subprocess with limits, at the bottom.
Hypothesis keeps no example database (nothing is written into the checkout); a failure
prints the falsifying example and a blob for @reproduce_failure.
"""

from __future__ import annotations

import copy
import json
import resource
import shutil
import signal
import string
import subprocess
import sys
from collections.abc import Callable
from itertools import count
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from famsupport_cli.checks.content import load_bundle
from famsupport_cli.cli import app
from famsupport_cli.content import yamlfile
from famsupport_cli.content.loader import shipped_content_dir
from helpers import GOLDEN_DIR

FUZZ = settings(
    deadline=None,
    database=None,
    print_blob=True,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],  # no "explain": it traces every line and is slow
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,  # tmp_path is reused across examples on purpose: every file is rewritten
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
RUNNER = CliRunner()
DECIDE_GOLDEN = GOLDEN_DIR / "decide-digital.yaml"
REFLECT_GOLDEN = GOLDEN_DIR / "reflect-no-peer-space.yaml"

# Real question ids and answer values, so that generated files reach the checks behind the parser.
_BUNDLE = load_bundle()
QUESTION_IDS = sorted({q.id for c in _BUNDLE.checklists.values() for q in c.questions()})
OPTION_WORDS = sorted(
    {o.value for c in _BUNDLE.checklists.values() for q in c.questions() for o in q.options or []}
    | {o.label for c in _BUNDLE.checklists.values() for q in c.questions() for o in q.options or []}
    | {"yes", "no", "dont-know", "not-applicable", "don't know", "n/a", "Yes", "NO", "true", "~"}
)
GOLDEN_DECIDE = sorted(GOLDEN_DIR.glob("decide-*.yaml"))
GOLDEN_REFLECT = sorted(GOLDEN_DIR.glob("reflect-*.yaml"))


def _invoke(*args: str | Path) -> Result:
    return RUNNER.invoke(app, [str(arg) for arg in args], catch_exceptions=True)


def _assert_handled(result: Result, *, error_on_stderr: bool = True) -> None:
    """The property every run must have: no traceback, exit 0 or 2, and on 2 a message that starts with Error:."""
    assert "Traceback" not in result.output, result.output[-3000:]
    assert result.exception is None or isinstance(result.exception, SystemExit), f"uncaught {result.exception!r}\n{result.output[-3000:]}"
    assert result.exit_code in (0, 2), f"exit {result.exit_code}:\n{result.stderr[-3000:]}"
    if result.exit_code == 2 and error_on_stderr:
        assert result.stderr.startswith("Error:"), result.stderr[:3000]


def _run_answers(path: Path, command: str = "decide") -> Result:
    result = _invoke(command, "--no-input", "--answers", path, "--output", "-")
    _assert_handled(result)
    if result.exit_code == 0:
        assert result.stdout.startswith("---\n"), result.stdout[:200]
    return result


# --- strategies -------------------------------------------------------------------------------------

ANY_CHAR = st.characters(exclude_categories=())  # every code point, lone surrogates included
texts = st.one_of(st.text(max_size=40), st.text(ANY_CHAR, max_size=40), st.sampled_from(OPTION_WORDS), st.sampled_from(QUESTION_IDS))
huge_ints = st.integers(min_value=-(10**4000), max_value=10**4000)  # str() refuses more than 4300 digits; longer ones are in YAML_TOKENS
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-1000, max_value=1000),
    huge_ints,
    st.floats(allow_nan=True, allow_infinity=True),
    texts,
    st.text(max_size=3000),  # longer than any text question allows
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(texts, inner, max_size=6),
    max_leaves=25,
)
yaml_keys = st.one_of(st.sampled_from(QUESTION_IDS), texts, st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False))


def _dump_yaml(data: Any, draw: Callable[[st.SearchStrategy[Any]], Any]) -> str:
    return yaml.safe_dump(
        data,
        allow_unicode=draw(st.booleans()),
        default_flow_style=draw(st.sampled_from([False, True, None])),
        sort_keys=False,
        width=draw(st.sampled_from([80, 10_000])),
    )


@st.composite
def answers_files(draw: Callable[[st.SearchStrategy[Any]], Any]) -> tuple[str, bytes]:
    """(file name, bytes) of a random answers file: YAML or JSON, any structure, any types."""
    as_json = draw(st.booleans())
    if as_json:
        data = draw(st.one_of(st.dictionaries(st.one_of(st.sampled_from(QUESTION_IDS), texts), values, max_size=12), values))
        text = json.dumps(data, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 2])))
        name = draw(st.sampled_from(["answers.json", "answers.yaml", "answers"]))
    else:
        data = draw(st.one_of(st.dictionaries(yaml_keys, values, max_size=12), values))
        text = _dump_yaml(data, draw)
        name = draw(st.sampled_from(["answers.yaml", "answers.yml", "answers.json", "answers.txt"]))
    return name, text.encode("utf-8", "surrogatepass")  # lone surrogates become invalid UTF-8


@st.composite
def mutated_golden(draw: Callable[[st.SearchStrategy[Any]], Any]) -> tuple[str, str, bytes]:
    """A complete golden answers file with a few answers changed, removed or added: reaches the engine and the rendering."""
    path = draw(st.sampled_from(GOLDEN_DECIDE + GOLDEN_REFLECT))
    command = "decide" if path.name.startswith("decide") else "reflect"
    data = yamlfile.parse(path.read_text(encoding="utf-8"), path.name).data
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["replace", "drop", "add", "option"]))
        key = draw(st.sampled_from(sorted(data))) if data else None
        if action == "replace" and key is not None:
            data[key] = draw(values)
        elif action == "drop" and key is not None:
            del data[key]
        elif action == "option" and key is not None:
            data[key] = draw(st.sampled_from(OPTION_WORDS) | st.lists(st.sampled_from(OPTION_WORDS), max_size=4) | st.integers(-5, 30))
        else:
            data[draw(st.sampled_from(QUESTION_IDS) | texts)] = draw(values)
    if draw(st.booleans()):
        return command, "answers.json", json.dumps(data, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")
    return command, "answers.yaml", _dump_yaml(data, draw).encode("utf-8", "surrogatepass")


YAML_TOKENS = [
    "preferred_format", "video_comfort", "sessions_today", "access_needs", "notes", ":", ": ", " ", "  ", "\n", "\n  ", "\t",
    "- ", "[", "]", "{", "}", ", ", "&a ", "*a", "&b ", "*b", "*zz", "<<: ", "? ", "|\n", ">-\n", "'", '"', "\\", "#", "---\n",
    "...\n", "%YAML 1.1\n", "%YAML 9.9\n", "%TAG ! tag:example.com,2000:\n", "!!str ", "!!int ", "!!float ", "!!binary ",
    "!!set ", "!!omap ", "!!timestamp ", "!!python/object/apply:os.system ", "!local ", "yes", "no", "on", "~", "null", "true",
    "1e999", "-.inf", ".nan", "0x1F", "0o17", "1_000", "2026-11-21", "12:30:00", "hybrid", "dont-know", "é", "😀", "\u2028",
    "\ufeff", "\x00", "\x1b[2J", "\r", "\x85", "=", "@", "`", "%", "9" * 4301, "-0." + "1" * 5000,
]  # fmt: skip


@st.composite
def raw_files(draw: Callable[[st.SearchStrategy[Any]], Any]) -> tuple[str, bytes]:
    """Bytes that are anything but a well-formed answers file: binary, bad UTF-8, token soup, truncated JSON."""
    kind = draw(st.sampled_from(["binary", "text", "soup", "truncated", "empty", "encoded"]))
    if kind == "binary":
        data = draw(st.binary(max_size=2000))
    elif kind == "text":
        data = draw(st.text(ANY_CHAR, max_size=2000)).encode("utf-8", "surrogatepass")
    elif kind == "soup":
        data = "".join(draw(st.lists(st.sampled_from(YAML_TOKENS), max_size=80))).encode("utf-8")
    elif kind == "truncated":
        whole = json.dumps(yamlfile.parse(DECIDE_GOLDEN.read_text(encoding="utf-8"), "golden").data).encode()
        data = whole[: draw(st.integers(0, len(whole)))]
    elif kind == "encoded":
        golden = DECIDE_GOLDEN.read_text(encoding="utf-8")
        data = golden.encode(draw(st.sampled_from(["utf-16", "utf-32", "utf-8-sig", "latin-1", "cp1252"])), "replace")
    else:
        data = draw(st.sampled_from([b"", b"\n", b"   \n\t\n", b"# only a comment\n", b"---\n", b"---\n...\n", b"~\n", b"null", b"{}"]))
    return draw(st.sampled_from(["answers.yaml", "answers.json", "answers"])), data


def _laughs(width: int, depth: int, target: str) -> str:
    """A "billion laughs" document: each level lists the previous one `width` times; `target` takes the last level."""
    lines = ["l0: &l0 [" + ", ".join(["lol"] * width) + "]"]
    for level in range(1, depth + 1):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * width) + "]")
    lines.append(f"{target}: *l{depth}")
    return "\n".join(lines) + "\n"


# --- answers files ----------------------------------------------------------------------------------


@pytest.mark.timeout(60)
@settings(FUZZ, max_examples=60)
@given(answers_files(), st.sampled_from(["decide", "reflect"]))
def test_random_answers_files(tmp_path: Path, file: tuple[str, bytes], command: str) -> None:
    name, data = file
    path = tmp_path / name
    path.write_bytes(data)
    _run_answers(path, command)


@pytest.mark.timeout(60)
@settings(FUZZ, max_examples=50)
@given(mutated_golden())
def test_golden_answers_with_random_changes(tmp_path: Path, case: tuple[str, str, bytes]) -> None:
    command, name, data = case
    path = tmp_path / name
    path.write_bytes(data)
    _run_answers(path, command)


@pytest.mark.timeout(60)
@settings(FUZZ, max_examples=60)
@given(raw_files())
@example(("answers.yaml", b""))
@example(("answers.yaml", b"\xff\xfe\x00\x00garbage"))
@example(("answers.yaml", b"preferred_format: \xe9\n"))  # latin-1, not UTF-8
@example(("answers.json", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
@example(("answers.json", b'{"preferred_format": "hybrid", '))
def test_malformed_bytes(tmp_path: Path, file: tuple[str, bytes]) -> None:
    name, data = file
    path = tmp_path / name
    path.write_bytes(data)
    _run_answers(path)


@pytest.mark.timeout(60)
@settings(FUZZ, max_examples=6)
@given(st.integers(2, 10), st.integers(1, 8), st.sampled_from(["preferred_format", "access_needs", "notes", "not_a_question"]))
@example(10, 9, "preferred_format")  # 10**9 "lol"s
@example(2, 40, "access_needs")  # 2**40, deep rather than wide
def test_billion_laughs_is_refused_quickly(tmp_path: Path, width: int, depth: int, target: str) -> None:
    path = tmp_path / "laughs.yaml"
    path.write_text(_laughs(width, depth, target), encoding="utf-8")
    result = _run_answers(path)
    if width**depth > yamlfile.MAX_NODES:
        assert result.exit_code == 2


@pytest.mark.timeout(60)
@settings(FUZZ, max_examples=15)
@given(st.integers(1, 3000), st.sampled_from(["flow-list", "flow-map", "block-list", "json-list", "json-map"]))
@example(5000, "flow-list")
@example(5000, "json-map")
def test_deep_nesting(tmp_path: Path, depth: int, style: str) -> None:
    """Nesting the Python parsers can handle or refuse in-process; far deeper nesting is tested in a subprocess below."""
    path = tmp_path / ("deep.json" if style.startswith("json") else "deep.yaml")
    inner = {
        "flow-list": "[" * depth + "]" * depth,
        "flow-map": "{a: " * depth + "1" + "}" * depth,
        "block-list": "- " * depth + "x",
        "json-list": "[" * depth + "]" * depth,
        "json-map": '{"a": ' * depth + "1" + "}" * depth,
    }[style]
    if style == "block-list":
        text = "access_needs:\n  " + inner + "\n"
    elif style.startswith("json"):
        text = '{"access_needs": ' + inner + "}"
    else:
        text = "access_needs: " + inner + "\n"
    path.write_text(text, encoding="utf-8")
    _run_answers(path)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("huge-int.yaml", "sessions_today: " + "9" * 5000 + "\n"),
        ("huge-int.json", '{"sessions_today": ' + "9" * 5000 + "}"),
        ("huge-negative.yaml", "video_comfort: -" + "1" * 4400 + "\n"),
        ("huge-float.json", '{"sessions_today": 1' + "0" * 5000 + ".5}"),
        ("nan.json", '{"sessions_today": NaN, "video_comfort": Infinity, "how_you_feel": -Infinity}'),
        ("big-exponent.yaml", "sessions_today: 1e99999\n"),
        ("key-is-huge-int.yaml", "9" * 5000 + ": 1\n"),
        ("unhashable-key.yaml", "? [a, b]\n: 1\n"),
        ("python-tag.yaml", "preferred_format: !!python/object/apply:os.system ['true']\n"),
        ("binary-tag.yaml", "notes: !!binary aGVsbG8=\n"),
        ("set-tag.yaml", "access_needs: !!set {none: null}\n"),
        ("timestamp-tag.yaml", "notes: !!timestamp 2026-11-21\n"),
        ("merge-key.yaml", "base: &b {preferred_format: hybrid}\n<<: *b\n"),
        ("self-alias.yaml", "access_needs: &a [*a]\n"),
        ("undefined-alias.yaml", "preferred_format: *nothing\n"),
        ("two-documents.yaml", "preferred_format: hybrid\n---\npreferred_format: digital\n"),
        ("duplicate-keys.yaml", "preferred_format: hybrid\npreferred_format: digital\n"),
        ("bom.yaml", "\ufeffpreferred_format: hybrid\n"),
        ("control-chars.yaml", 'notes: "\\x1b[31m\\x07\\x00"\n'),
        ("top-level-list.json", "[1, 2, 3]"),
        ("top-level-string.yaml", "just some text\n"),
        ("top-level-number.json", "42"),
        ("json-in-yaml-file.yaml", '{"preferred_format": "hybrid", "video_comfort": 3}'),
        ("tabs.yaml", "preferred_format:\thybrid\n\tvideo_comfort: 3\n"),
    ],
)
def test_malformed_answers_examples(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    _run_answers(path)


@pytest.mark.parametrize("question", ["notes", "override_reason"])
@pytest.mark.parametrize("fmt", ["markdown", "json"])
def test_lone_surrogate_in_json_text_answer(tmp_path: Path, question: str, fmt: str) -> None:
    r"""JSON may spell a lone surrogate ("\ud800"); it is not valid text, so it is invalid input (2), not a crash (1)."""
    data = yamlfile.parse((GOLDEN_DIR / "decide-override.yaml").read_text(encoding="utf-8"), "golden").data
    data[question] = "before \ud800 after"
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = _invoke("decide", "--no-input", "--answers", path, "--output", "-", "--format", fmt)
    _assert_handled(result)


# --- content folders --------------------------------------------------------------------------------
# A content run costs about ten times an answers run (validate checks every file and translation), so these
# examples skip shrinking; every mutation is drawn step by step with a label, so a failure prints what was done.

CONTENT_FUZZ = settings(FUZZ, phases=[Phase.explicit, Phase.reuse, Phase.generate])
CONTENT_FILES = ["checklists/decide.yaml", "checklists/reflect.yaml", "recommendations.yaml", "sources.yaml", "ui.yaml"]
STRUCTURE_EDITS = ["replace", "delete", "duplicate", "swap", "rename", "graft", "braces", "empty"]
LINE_EDITS = ["cut", "repeat", "indent", "dedent", "junk"]
_folders = count()


def _fresh_content(tmp_path: Path) -> Path:
    folder = tmp_path / f"content-{next(_folders)}"
    shutil.copytree(shipped_content_dir(), folder)
    return folder


def _check_content_folder(folder: Path, changed: str) -> None:
    """`content validate DIR`, then a scripted run of the checklist the change can affect, with complete answers
    (so that a folder that still validates goes all the way to the summary)."""
    validated = _invoke("content", "validate", folder)
    _assert_handled(validated, error_on_stderr=False)  # validate lists its problems on stdout
    if validated.exit_code == 2:
        assert "error" in validated.output.lower(), validated.output[:3000]
    command, golden = ("reflect", REFLECT_GOLDEN) if "reflect" in changed else ("decide", DECIDE_GOLDEN)
    _assert_handled(_invoke(command, "--content", folder, "--no-input", "--answers", golden, "--output", "-"))


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into a parsed YAML tree (keys and list indexes), the root excluded."""
    found: list[tuple[Any, ...]] = []
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for key, child in children:
        found.append((*prefix, key))
        found += _paths(child, (*prefix, key))
    return found


def _parent(tree: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        tree = tree[part]
    return tree


def _mutate_structure(data: st.DataObject, tree: Any) -> None:
    """Change a parsed content file in place: values replaced, items dropped, duplicated, swapped, renamed, grafted."""
    for step in range(data.draw(st.integers(1, 3), label="edits")):
        paths = _paths(tree)
        if not paths:
            return
        path = data.draw(st.sampled_from(paths), label=f"path {step}")
        edit = data.draw(st.sampled_from(STRUCTURE_EDITS), label=f"edit {step}")
        parent, key = _parent(tree, path), path[-1]
        if edit == "replace":
            parent[key] = data.draw(values, label=f"value {step}")
        elif edit == "delete":
            del parent[key]
        elif edit == "duplicate" and isinstance(parent, list):
            parent.insert(key, parent[key])
        elif edit == "swap" and isinstance(parent, list) and len(parent) > 1:
            other = data.draw(st.integers(0, len(parent) - 1), label=f"swap with {step}")
            parent[key], parent[other] = parent[other], parent[key]
        elif edit == "rename" and isinstance(parent, dict):
            new_key = data.draw(st.sampled_from([*QUESTION_IDS[:5], "id", "type", "when", "options", "value"]) | texts, label=f"key {step}")
            parent[new_key] = parent.pop(key)
        elif edit == "graft":  # a copy of a node from elsewhere in the same file: a question where an option stood, ...
            donor = data.draw(st.sampled_from(paths), label=f"graft from {step}")
            parent[key] = copy.deepcopy(_parent(tree, donor)[donor[-1]])
        elif edit == "braces":  # interface words are format strings: placeholders the tool does not fill
            parent[key] = data.draw(st.sampled_from(["{", "}", "{0}", "{who}", "{path}{", "{question.__class__}", "{{ok}}"]))
        elif edit == "empty":
            parent[key] = data.draw(st.sampled_from(["", [], {}, None, 0]), label=f"empty {step}")


@pytest.mark.timeout(90)
@settings(CONTENT_FUZZ, max_examples=20)
@given(st.data())
def test_content_with_mutated_structure(tmp_path: Path, data: st.DataObject) -> None:
    relative = data.draw(st.sampled_from(CONTENT_FILES), label="file")
    tree = yamlfile.parse((shipped_content_dir() / relative).read_text(encoding="utf-8"), relative).data
    _mutate_structure(data, tree)
    folder = _fresh_content(tmp_path)
    (folder / relative).write_text(yaml.safe_dump(tree, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")
    try:
        _check_content_folder(folder, relative)
    finally:
        shutil.rmtree(folder)


@pytest.mark.timeout(90)
@settings(CONTENT_FUZZ, max_examples=15)
@given(st.data())
def test_content_with_fuzzed_text(tmp_path: Path, data: st.DataObject) -> None:
    """One content file replaced by fuzzed bytes, cut short, or with lines cut, repeated, re-indented or spliced with junk."""
    relative = data.draw(st.sampled_from(CONTENT_FILES), label="file")
    original = (shipped_content_dir() / relative).read_text(encoding="utf-8")
    kind = data.draw(st.sampled_from(["replace", "lines", "truncate"]), label="kind")
    if kind == "replace":
        text_bytes = st.text(ANY_CHAR, max_size=500).map(lambda t: t.encode("utf-8", "surrogatepass"))
        new = data.draw(st.binary(max_size=500) | text_bytes | st.lists(st.sampled_from(YAML_TOKENS)).map(lambda t: "".join(t).encode()))
    elif kind == "truncate":
        new = original[: data.draw(st.integers(0, len(original)), label="keep characters")].encode("utf-8")
    else:
        lines = original.splitlines()
        for step in range(data.draw(st.integers(1, 5), label="edits")):
            if not lines:
                break
            index = data.draw(st.integers(0, len(lines) - 1), label=f"line {step}")
            edit = data.draw(st.sampled_from(LINE_EDITS), label=f"edit {step}")
            if edit == "cut":
                del lines[index]
            elif edit == "repeat":
                lines.insert(index, lines[index])
            elif edit == "indent":
                lines[index] = "  " + lines[index]
            elif edit == "dedent":
                lines[index] = lines[index].lstrip()
            else:
                junk = data.draw(st.lists(st.sampled_from(YAML_TOKENS + list(string.printable)), max_size=12), label=f"junk {step}")
                lines.insert(index, "".join(junk))
        new = "\n".join(lines).encode("utf-8")
    folder = _fresh_content(tmp_path)
    (folder / relative).write_bytes(new)
    try:
        _check_content_folder(folder, relative)
    finally:
        shutil.rmtree(folder)


@pytest.mark.parametrize(
    ("relative", "text"),
    [
        ("ui.yaml", ""),
        ("ui.yaml", "~\n"),
        ("checklists/decide.yaml", "\udcff not utf-8"),
        ("sources.yaml", "sources: &s [*s]\n"),
        ("recommendations.yaml", "levels: []\nrecommendations: []\n"),
        ("checklists/reflect.yaml", "[1, 2, 3]\n"),
    ],
)
def test_broken_content_files(tmp_path: Path, relative: str, text: str) -> None:
    folder = _fresh_content(tmp_path)
    (folder / relative).write_bytes(text.encode("utf-8", "surrogateescape"))
    _check_content_folder(folder, relative)


def _edit_content(folder: Path, relative: str, edit: Callable[[Any], None]) -> None:
    path = folder / relative
    tree = yamlfile.parse(path.read_text(encoding="utf-8"), relative).data
    edit(tree)
    path.write_text(yaml.safe_dump(tree, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")


@pytest.mark.parametrize("value", [{"x": 1}, ["a", "b"]], ids=["mapping", "list"])
@pytest.mark.parametrize("where", ["option value", "question id", "rule id"])
def test_content_ids_that_are_not_text(tmp_path: Path, value: Any, where: str) -> None:
    """An id or option value written as a mapping or a list is a content error (2), not a crash (1)."""

    def edit(tree: Any) -> None:  # not the first item of a list: that one sets the list's key in the overlay code
        question = tree["sections"][0]["questions"][1]
        if where == "option value":
            question["options"][1]["value"] = value
        elif where == "question id":
            question["id"] = value
        else:
            tree["rules"][1]["id"] = value

    folder = _fresh_content(tmp_path)
    _edit_content(folder, "checklists/reflect.yaml", edit)
    validated = _invoke("content", "validate", folder)
    _assert_handled(validated, error_on_stderr=False)
    assert validated.exit_code == 2, validated.output[-2000:]
    _check_content_folder(folder, "checklists/reflect.yaml")


@pytest.mark.parametrize("footer", ["made with famsupport {who}", "{0}", "unbalanced {", "{version.__class__}"])
def test_content_with_unknown_placeholders_in_the_interface_words(tmp_path: Path, footer: str) -> None:
    """ui.yaml words are format strings; a placeholder famsupport does not fill is a content error (2), found by validate."""
    folder = _fresh_content(tmp_path)
    _edit_content(folder, "ui.yaml", lambda tree: tree.__setitem__("footer", footer))
    validated = _invoke("content", "validate", folder)
    _assert_handled(validated, error_on_stderr=False)
    assert validated.exit_code == 2, f"content validate accepts footer {footer!r}:\n{validated.output[-2000:]}"
    _assert_handled(_invoke("decide", "--content", folder, "--no-input", "--answers", DECIDE_GOLDEN, "--output", "-"))


# --- inputs that could take the whole process down: run in a subprocess with limits ------------------


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    one_gb = 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (one_gb, one_gb))


def _deep_flow(depth: int) -> str:
    return "access_needs: " + "[" * depth + "]" * depth + "\n"


def _alias_fan_out(size: int, copies: int) -> str:
    """A large anchored string referenced many times: a small file whose value, written out, is size*copies characters."""
    return "big: &a " + "x" * size + "\npreferred_format: [" + ", ".join(["*a"] * copies) + "]\n"


@pytest.mark.timeout(120)
@pytest.mark.parametrize(
    "text",
    [
        pytest.param(_deep_flow(100_000), id="flow-nesting-100k"),
        pytest.param("access_needs:\n  " + "- " * 100_000 + "x\n", id="block-nesting-100k"),
        pytest.param("{" * 200_000, id="unclosed-braces-200k"),
        pytest.param(_alias_fan_out(100_000, 100_000), id="alias-fan-out-10GB"),
    ],
)
def test_resource_exhaustion_is_refused(tmp_path: Path, text: str) -> None:
    """No segfault, no MemoryError: the file is refused with exit 2 within a memory limit of 1 GB."""
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "famsupport_cli", "decide", "--no-input", "--answers", str(path), "--output", "-"],
        capture_output=True,
        text=True,
        timeout=100,
        preexec_fn=_limit_memory,  # only sets an rlimit
        check=False,
    )
    crashed = f" (killed by {signal.Signals(-done.returncode).name})" if done.returncode < 0 else ""
    assert done.returncode == 2, f"exit {done.returncode}{crashed}:\n{done.stderr[-2000:]}"
    assert done.stderr.startswith("Error:"), done.stderr[-2000:]
    assert "Traceback" not in done.stderr
