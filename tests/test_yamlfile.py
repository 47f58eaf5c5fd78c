"""yamlfile.parse: PyYAML's safe constructor builds the data, the nodes give positions; plain values follow YAML 1.2."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from famsupport_cli.content import yamlfile
from famsupport_cli.errors import FamsupportError

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    # text that YAML 1.1 or 1.2 would read as something else if it were written plain
    st.sampled_from(["yes", "no", "on", "010", "0o10", "0x1F", "0b11", "1_000", "1:30", "1e3", "2026-11-21", ".inf", "~", "-", "'", "#x"]),
)
_DATA = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.one_of(st.text(max_size=8), st.integers()), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(_DATA)
@example({"0": None, 0: None})  # a text key and a number key written alike: different keys, both kept (hypothesis 6.100 found it)
@example({"010": 1, 10: 2, "0o10": 3, 8: 4})
def test_what_dump_writes_parse_reads_back_unchanged(data: Any) -> None:
    assert yamlfile.parse(yamlfile.dump(data), "x.yaml").data == data


@pytest.mark.parametrize(
    ("plain", "value"),
    [
        ("10", 10),
        ("-7", -7),
        ("+12", 12),
        ("010", 10),  # YAML 1.2: decimal (YAML 1.1 read it as octal 8)
        ("0o10", 8),
        ("0x1F", 31),
        ("1:0", "1:0"),  # YAML 1.1 read it as 60 (sexagesimal)
        ("9:00", "9:00"),
        ("0b101", "0b101"),
        ("1_000", "1_000"),
        ("yes", "yes"),
        ("no", "no"),
        ("on", "on"),
        ("off", "off"),
        ("true", True),
        ("False", False),
        ("1.5", 1.5),
        ("1e3", 1000.0),
        ("~", None),
        ("null", None),
        ("2026-11-21", "2026-11-21"),  # dates stay text
    ],
)
def test_plain_values_follow_yaml_1_2(plain: str, value: object) -> None:
    found = yamlfile.parse(f"a: {plain}\n", "x.yaml").data["a"]
    assert found == value
    assert type(found) is type(value)


def test_infinity_and_nan_are_read_as_floats() -> None:
    data = yamlfile.parse("a: .inf\nb: -.Inf\nc: .nan\n", "x.yaml").data
    assert data["a"] == math.inf
    assert data["b"] == -math.inf
    assert math.isnan(data["c"])


@pytest.mark.parametrize("text", ["!!int 0b11", "!!int 1_000", "!!int 1:30", "!!int zz"])
def test_an_explicit_int_tag_takes_only_yaml_1_2_integers(text: str) -> None:
    with pytest.raises(FamsupportError) as caught:
        yamlfile.parse(f"a: {text}\n", "x.yaml")
    assert "x.yaml:1:4" in caught.value.message
    assert "not a whole number" in caught.value.message


def test_an_explicit_int_tag_reads_leading_zeros_as_decimal() -> None:
    assert yamlfile.parse("a: !!int '010'\n", "x.yaml").data == {"a": 10}


@pytest.mark.parametrize("prefix", ["", "0x", "0o"])
def test_an_integer_of_thousands_of_digits_is_refused_in_every_notation(prefix: str) -> None:
    with pytest.raises(FamsupportError) as caught:
        yamlfile.parse(f"a: {prefix}{'7' * 5000}\n", "x.yaml")
    assert "too long" in caught.value.message


@pytest.mark.parametrize(
    ("text", "data"),
    [
        ("base: &b {a: 1, b: [x, y]}\nother: *b\n", {"base": {"a": 1, "b": ["x", "y"]}, "other": {"a": 1, "b": ["x", "y"]}}),
        ("base: &b {a: 1}\nmerged:\n  <<: *b\n  c: 2\n", {"base": {"a": 1}, "merged": {"a": 1, "c": 2}}),
        (
            "when: !!str 2026-11-21\nn: !!int '7'\nf: !!float '1.5'\nflag: !!bool 'true'\n",
            {"when": "2026-11-21", "n": 7, "f": 1.5, "flag": True},
        ),
        ("? a\n: explicit key\n", {"a": "explicit key"}),
        ("2: two\ntrue: yes\n~: nothing\n", {2: "two", True: "yes", None: "nothing"}),
        ("", None),
        ("just text\n", "just text"),
        ("- a\n- - b\n  - c\n", ["a", ["b", "c"]]),
    ],
)
def test_special_documents(text: str, data: Any) -> None:
    assert yamlfile.parse(text, "x.yaml").data == data


def test_positions_come_from_the_nodes_also_under_merge_keys() -> None:
    plain = yamlfile.parse("a: 1\nb:\n  - x\n  - y\n", "x.yaml")
    merged = yamlfile.parse("a: &k {z: 1}\nb:\n  <<: *k\n  c: 2\n", "x.yaml")
    assert plain.position(("b", 1)) == yamlfile.Position(line=4, column=5)
    assert plain.position(("b", 1, "deeper")) == yamlfile.Position(line=4, column=5)  # the nearest ancestor
    assert merged.position(("b", "c")) == yamlfile.Position(line=4, column=3)


def test_repeated_keys_are_refused_with_their_lines() -> None:
    with pytest.raises(FamsupportError) as caught:
        yamlfile.parse("a: 1\nb: 2\na: 3\n", "x.yaml")
    assert "x.yaml:3:1" in caught.value.message
    assert "first on line 1" in caught.value.message


def test_a_repeated_long_key_is_quoted_as_a_short_excerpt() -> None:
    key = "k" * 500
    with pytest.raises(FamsupportError) as caught:
        yamlfile.parse(f"{key}: 1\n{key}: 2\n", "x.yaml")
    assert "x.yaml:2:1" in caught.value.message and "first on line 1" in caught.value.message
    assert key not in caught.value.message
    assert f"'{'k' * 57}...'" in caught.value.message


@pytest.mark.parametrize("prefix", ["", "-", "0x", "0o"])
def test_a_number_too_long_to_read_names_its_key(prefix: str) -> None:
    with pytest.raises(FamsupportError) as caught:
        yamlfile.parse(f"first: 1\nvideo_comfort: {prefix}{'7' * 5000}\n", "answers.yaml")
    assert caught.value.exit_code == 2
    assert "answers.yaml:2:" in caught.value.message and "'video_comfort'" in caught.value.message, caught.value.message
    assert "7" * 100 not in caught.value.message


def test_python_tags_are_refused() -> None:
    with pytest.raises(FamsupportError):
        yamlfile.parse("a: !!python/object/apply:os.system ['true']\n", "x.yaml")


def test_an_alias_bomb_is_refused_before_it_is_built() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 9)]
    with pytest.raises(FamsupportError) as caught:
        yamlfile.parse("\n".join(lines) + "\n", "x.yaml")
    assert f"{yamlfile.MAX_NODES:,}" in caught.value.message


def test_a_number_key_and_the_same_text_key_are_different_keys() -> None:
    assert yamlfile.parse("1: number\n'1': text\n", "x.yaml").data == {1: "number", "1": "text"}


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("---\nkind: decide\n---\n# Title\n", ("kind: decide\n", "# Title\n")),
        ("---\r\nkind: decide\r\n---\r\nbody", ("kind: decide\r\n", "body")),
        ("---\n---\nbody", ("", "body")),
        ("---\nkind: decide\n---", ("kind: decide\n", "")),
        ("---\na: 1\n----\nb: 2\n---\nbody", ("a: 1\n----\nb: 2\n", "body")),  # only a line of exactly --- closes it
        ("---\nkind: decide\n", None),  # never closed
        ("# Title\n---\na: 1\n---\n", None),  # not at the start
        ("", None),
    ],
)
def test_split_front_matter(text: str, parts: tuple[str, str] | None) -> None:
    assert yamlfile.split_front_matter(text) == parts


@pytest.mark.parametrize("probe", ["as-this-libyaml-is", "as-without-a-limit"])
def test_very_deep_nesting_is_refused_whichever_libyaml(probe: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A libyaml without its own depth limit (PyYAML 6.0's wheels) crashes on this: the pure-Python parser reads it instead.

    (Never told that the limit exists where it does not: libyaml itself would crash the test process.)
    """
    if probe == "as-without-a-limit":
        monkeypatch.setattr(yamlfile, "_libyaml_limits_depth", lambda: False)
    with pytest.raises(FamsupportError) as caught:
        yamlfile.parse("a: " + "[" * 100_000 + "]" * 100_000 + "\n", "deep.yaml")
    assert caught.value.exit_code == 2
    assert "deep.yaml" in caught.value.message


def test_the_depth_limit_of_libyaml_is_tried_not_read_from_its_version() -> None:
    import yaml

    if not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML without libyaml")
    try:
        yaml.CSafeLoader("[" * 1001 + "]" * 1001).get_single_node()
        limits = False
    except yaml.YAMLError:
        limits = True
    assert yamlfile._libyaml_limits_depth() is limits
