"""yamlfile.parse builds plain documents itself; it must give exactly what PyYAML's constructor gives."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from famsupport_cli.content import yamlfile
from famsupport_cli.errors import FamsupportError


def _constructed(text: str) -> Any:
    """The data as PyYAML's own constructor builds it, with famsupport's loader rules."""
    return yaml.load(text, Loader=yamlfile._Loader)


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.sampled_from(["yes", "no", "on", "0x1F", "1_000", "1:30", "2026-11-21", ".inf", "~", "-", "'", "#x"]),
)
_DATA = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.one_of(st.text(max_size=8), st.integers()), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(_DATA, st.booleans())
def test_parse_gives_what_the_constructor_gives(data: Any, flow: bool) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True)
    assert yamlfile.parse(text, "x.yaml").data == _constructed(text)


@pytest.mark.parametrize(
    "text",
    [
        "base: &b {a: 1, b: [x, y]}\nother: *b\n",  # an alias: built again, equal
        "base: &b {a: 1}\nmerged:\n  <<: *b\n  c: 2\n",  # a merge key: the constructor's work
        "when: !!str 2026-11-21\nn: !!int '7'\nf: !!float '1.5'\nflag: !!bool 'true'\n",  # explicit plain tags
        "stamp: !!timestamp 2026-11-21\nraw: !!binary aGVsbG8=\nset: !!set {a, b}\n",  # other tags: the constructor's
        "? a\n: explicit key\n",  # the explicit key syntax
        "1: one\ntrue: yes\n~: nothing\n",  # keys of other types
        "",
        "just text\n",
        "- a\n- - b\n  - c\n",
    ],
)
def test_parse_gives_what_the_constructor_gives_for_special_documents(text: str) -> None:
    assert yamlfile.parse(text, "x.yaml").data == _constructed(text)


def test_positions_are_recorded_whoever_builds_the_data() -> None:
    plain = yamlfile.parse("a: 1\nb:\n  - x\n  - y\n", "x.yaml")
    merged = yamlfile.parse("a: &k {z: 1}\nb:\n  <<: *k\n  c: 2\n", "x.yaml")
    assert plain.position(("b", 1)) == (4, 5)
    assert merged.position(("b", "c")) == (4, 3)


def test_repeated_keys_are_refused_with_their_lines() -> None:
    with pytest.raises(FamsupportError) as caught:
        yamlfile.parse("a: 1\nb: 2\na: 3\n", "x.yaml")
    assert "x.yaml:3:1" in caught.value.message
    assert "first on line 1" in caught.value.message
