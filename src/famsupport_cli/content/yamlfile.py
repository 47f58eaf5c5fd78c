"""Reading YAML safely, keeping where every value stood so errors can name a line.

PyYAML composes the node tree once; positions and repeated keys are read from the nodes,
and PyYAML's safe constructor builds the data from the same nodes. Plain values follow
YAML 1.2 (the core schema), not PyYAML's YAML 1.1, for people writing YAML by hand:
- only `true`/`false` are booleans; `yes`, `no`, `on`, `off` stay text,
  so an answer `private_space: yes` means the option `yes`;
- integers are decimal (`010` is ten), `0o` octal or `0x` hexadecimal; `0b101`, `1_000`
  and `1:30` are text, never a number in disguise (YAML 1.1 read `1:30` as 90);
- dates stay text, so nothing is silently turned into a `date` object.
Aliases are followed, but a document that expands past a node budget is refused,
so a "billion laughs" file gives an error instead of a hang.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from famsupport_cli.errors import ExitCode, FamsupportError, invalid_input
from famsupport_cli.messages import Number, Text

MAX_NODES = 200_000
MAX_BYTES = 2_000_000
# Python's own limit for decimal text, applied to every notation: 0x followed by a million digits is no answer.
MAX_INT_DIGITS = 4300
# How much of a file's own text a message may quote (as content Problems do): enough to find it, never a whole line.
EXCERPT_CHARS = 60
_INT_TAG = "tag:yaml.org,2002:int"

_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TAG = "tag:yaml.org,2002:"
# The YAML 1.2 core schema's plain scalars, and `<<` merge keys (kept: packs use them to share settings).
_IMPLICIT: list[tuple[str, re.Pattern[str], Sequence[str]]] = [
    (_TAG + "bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF"),
    (_TAG + "int", re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), "-+0123456789"),
    (
        _TAG + "float",
        re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
        "-+.0123456789",
    ),
    (_TAG + "null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]),
    (_TAG + "merge", re.compile(r"^(?:<<)$"), "<"),
]


def _resolvers(*tables: list[tuple[str, re.Pattern[str], Sequence[str]]]) -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    """PyYAML's table of implicit resolvers (first character -> [(tag, pattern)]), in the given order."""
    found: dict[Any, list[tuple[str, re.Pattern[str]]]] = {}
    for table in tables:
        for tag, pattern, first in table:
            for char in first:
                found.setdefault(char, []).append((tag, pattern))
    return found


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    """A YAML 1.2 integer, also for an explicit `!!int`: no `0b`, no `_`, no sexagesimal, no leading-zero octal."""
    text = str(loader.construct_scalar(node))
    if not _IMPLICIT[1][1].match(text):
        shown = excerpt(text)
        raise _Refused(f"'{shown}' is not a whole number", Text("yaml_not_whole_number", value=shown), node.start_mark)
    if len(text) > MAX_INT_DIGITS:
        digits = Number(len(text))
        raise _Refused(f"a number of {digits:,} digits is too long", Text("yaml_number_too_long", digits=digits), node.start_mark)
    if text.startswith(("0o", "0x")):
        return int(text[2:], 8 if text[1] == "o" else 16)
    return int(text, 10)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """Safe loader with YAML 1.2 plain values (booleans, integers, floats) and no implicit timestamps."""


class _PureLoader(yaml.SafeLoader):
    """The same rules in pure Python, for documents that could nest deeply: libyaml crashes on very deep
    nesting, the pure-Python parser stops with a RecursionError that is reported as invalid YAML."""


for _loader in (_Loader, _PureLoader):
    _loader.yaml_implicit_resolvers = _resolvers(_IMPLICIT)
    _loader.add_constructor(_TAG + "int", _construct_int)


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """libyaml's emitter when present (much faster). Text that YAML 1.1 or 1.2 would read as something else
    (`yes`, `010`, `0o7`, `1e3`) is quoted, so famsupport and other tools read the files back as written."""


_Dumper.yaml_implicit_resolvers = _resolvers(_IMPLICIT)
for _first, _pairs in yaml.SafeDumper.yaml_implicit_resolvers.items():
    _Dumper.yaml_implicit_resolvers.setdefault(_first, []).extend(_pairs)

_DEEP_BLOCK = re.compile(r"(?:-[ \t]+){200}")


# Most libyaml builds refuse nesting past 1,000 levels themselves ("exceeded maximum nesting depth");
# without that limit libyaml crashes on very deep nesting, and the pure-Python parser is needed, which
# is several times slower on a large pack with many `{...}` (content validation would jump at 2,000
# brackets). The limit is tried, not read from the version: PyYAML 6.0's wheels report libyaml 0.2.5
# and have no limit. Tried once, and only for a document that could nest deeply (it costs ~1.5 ms).
@functools.cache
def _libyaml_limits_depth() -> bool:
    if _Base is yaml.SafeLoader:
        return False  # no libyaml: the pure-Python parser is used for every document
    deeper = "[" * 1001 + "]" * 1001  # just past the limit: harmless for a libyaml without it
    loader = _Base(deeper)
    try:
        loader.get_single_node()
    except yaml.YAMLError as error:
        return "nesting depth" in str(error)
    finally:
        loader.dispose()
    return False


def _could_nest_deeply(text: str) -> bool:
    could = text.count("[") + text.count("{") > 2000 or _DEEP_BLOCK.search(text) is not None
    return could and not _libyaml_limits_depth()


Path = tuple[str | int, ...]


class YamlSyntaxError(FamsupportError):
    """A file that is not valid YAML, with the place where reading stopped.

    `problem` is in English, for the people who write packs (`content validate`, beside the
    schema's words); `said` is the same in the tool's words, for everyone else. PyYAML's own
    problems have no `said`: they are quoted in PyYAML's own words.
    """

    def __init__(
        self,
        file: str,
        line: int | None,
        column: int | None,
        problem: str,
        *,
        said: Text | None = None,
        text: Text | None = None,
        hint: Text | None = None,
    ) -> None:
        where = f"{file}:{line}:{column}" if line else file
        super().__init__(
            text or Text("not_valid_yaml", where=where, problem=said or problem),
            hint=hint or (Text("not_valid_yaml_hint") if line else Text("not_valid_yaml_whole_hint")),
            exit_code=ExitCode.INVALID_INPUT,
        )
        self.file, self.line, self.column, self.problem, self.said = file, line, column, problem, said


class _Refused(yaml.MarkedYAMLError):
    """A problem famsupport finds while reading (not PyYAML): in English and in the tool's words (`said`)."""

    def __init__(self, problem: str, said: Text, mark: yaml.Mark | None) -> None:
        super().__init__(problem=problem, problem_mark=mark)
        self.said = said


class _NumberTooLong(yaml.MarkedYAMLError):
    """A whole number too long to read, where its key is known (the file's syntax is fine)."""

    def __init__(self, key: str, digits: int, mark: yaml.Mark) -> None:
        super().__init__(problem=f"the value of '{key}' is a number of {digits:,} digits, too long to read", problem_mark=mark)
        self.key, self.digits, self.mark = key, digits, mark


@dataclass(frozen=True, slots=True, kw_only=True)
class Position:
    """Where a key or item starts in a YAML file, as an editor counts (both 1-based)."""

    line: int  # 1-based
    column: int  # 1-based


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """Parsed data plus the position of every key and item, by path."""

    data: Any
    positions: dict[Path, Position]

    def position(self, path: Path) -> Position | None:
        """The position of `path`, or of its nearest ancestor that has one."""
        for cut in range(len(path), -1, -1):
            found = self.positions.get(path[:cut])
            if found is not None:
                return found
        return None


def parse(text: str, name: str) -> Document:
    """Parse one YAML (or JSON) document; `name` is used in error messages."""
    if len(text) > MAX_BYTES:
        raise invalid_input(Text("file_too_large", file=name, size=Number(len(text)), limit=Number(MAX_BYTES)))
    loader = _PureLoader(text) if _could_nest_deeply(text) else _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Document(data=None, positions={})
        positions: dict[Path, Position] = {}
        _check(node, (), positions, [0])
        data = loader.construct_document(node)
    except _NumberTooLong as error:  # the syntax is fine: say what is wrong with the value
        line, column = error.mark.line + 1, error.mark.column + 1
        message = Text("number_too_long", where=f"{name}:{line}:{column}", key=error.key, digits=Number(error.digits))
        raise YamlSyntaxError(name, line, column, str(error.problem), text=message, hint=Text("number_too_long_hint")) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "not valid YAML"
        said = error.said if isinstance(error, _Refused) else None
        if mark is None:  # the whole file: too many values once aliases are expanded
            raise YamlSyntaxError(name, None, None, problem, said=said) from None
        raise YamlSyntaxError(name, mark.line + 1, mark.column + 1, problem, said=said) from None
    except yaml.YAMLError as error:
        raise YamlSyntaxError(name, None, None, str(error)) from None
    except RecursionError:
        raise YamlSyntaxError(name, None, None, "it is nested too deeply to read", said=Text("yaml_too_deep")) from None
    except (ValueError, IndexError, TypeError, KeyError, OverflowError, AttributeError) as error:
        # A constructor failed on a value: a number with thousands of digits, `!!timestamp ''`, `!!binary` on text...
        detail = f"{type(error).__name__}: {error}"  # Python's own words, quoted as they are
        said = Text("yaml_value_unreadable", detail=detail)
        raise YamlSyntaxError(name, None, None, f"a value cannot be read ({detail})", said=said) from None
    finally:
        loader.dispose()
    return Document(data=data, positions=positions)


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """At most `limit` characters of text taken from a file, for a message: never a whole line of it."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _position(mark: yaml.Mark) -> Position:
    return Position(line=mark.line + 1, column=mark.column + 1)


def _check(node: yaml.Node, path: Path, positions: dict[Path, Position], seen: list[int]) -> None:
    """Record where every key and item stands, refuse repeated keys, and count values with aliases expanded.

    An alias is walked again where it is used, so a "billion laughs" document runs into MAX_NODES
    here, before PyYAML's constructor sees it.
    """
    seen[0] += 1
    if seen[0] > MAX_NODES:
        limit = Number(MAX_NODES)
        raise _Refused(f"it has more than {limit:,} values once aliases are expanded", Text("yaml_too_many_values", limit=limit), None)
    positions.setdefault(path, _position(node.start_mark))
    if isinstance(node, yaml.MappingNode):
        lines: dict[tuple[str, str], int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.start_mark)
            typed = (key_node.tag, key)  # `1:` and `'1':` are different keys
            if typed in lines and key != "<<":  # a repeated key would silently replace the first
                shown, first = excerpt(key), lines[typed]
                said = Text("yaml_key_twice", key=shown, line=first)
                raise _Refused(f"the key '{shown}' appears twice (first on line {first})", said, key_node.start_mark)
            lines[typed] = key_node.start_mark.line + 1
            child = (*path, key)
            positions.setdefault(child, _position(key_node.start_mark))
            _check(value_node, child, positions, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _check(item, (*path, index), positions, seen)
    elif node.tag == _INT_TAG and len(node.value) > MAX_INT_DIGITS and path:
        # Refused here, where the key is known, so that the message names the question it answers.
        raise _NumberTooLong(excerpt(".".join(str(part) for part in path)), len(node.value), node.start_mark)


_FRONT_MATTER = re.compile(r"---[ \t]*\r?\n(.*?)^---[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE)


def split_front_matter(text: str) -> tuple[str, str] | None:
    """A Markdown file's front matter (the YAML between a first line `---` and the next line `---`) and the body
    after it; None if the file does not open with a closed front matter."""
    found = _FRONT_MATTER.match(text)
    return (found.group(1), text[found.end() :]) if found else None


def parse_front_matter(text: str, name: str) -> Document | None:
    """A Markdown file's front matter, parsed; None if the file does not open with one.

    Its lines are counted as in the file, the opening `---` being line 1, so that an error
    names the line an editor shows.
    """
    parts = split_front_matter(text)
    return None if parts is None else parse("\n" + parts[0], name)


def dump(data: Any) -> str:
    """YAML text for front matter and templates: block style, keys in given order."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=10_000)
