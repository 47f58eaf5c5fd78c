"""Print a pip constraints file that pins every dependency in pyproject.toml to its declared lower bound.

    python3 .ci/lowest_pins.py > lowest.txt && pip install -c lowest.txt -e ".[test]"

Every dependency (the package's and its test extra's) must declare a lower bound with `>=`;
one without is an error, so that the lowest-versions run in .ci/run checks them all.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
REQUIREMENT = re.compile(r"^\s*(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(?P<spec>[^;]*)")


def lowest_pins(pyproject: dict[str, object]) -> list[str]:
    project = pyproject["project"]
    assert isinstance(project, dict)
    requirements = [*project.get("dependencies", []), *project.get("optional-dependencies", {}).get("test", [])]
    pins = []
    for requirement in requirements:
        found = REQUIREMENT.match(requirement)
        assert found is not None, requirement
        lower = re.search(r">=\s*([^,\s]+)", found["spec"])
        if lower is None:
            raise SystemExit(f"pyproject.toml: {requirement!r} declares no lower bound (>=)")
        pins.append(f"{found['name']}=={lower[1]}")
    return pins


if __name__ == "__main__":
    sys.stdout.write("\n".join(lowest_pins(tomllib.loads(PROJECT.read_text(encoding="utf-8")))) + "\n")
