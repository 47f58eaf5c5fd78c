"""The content cache: used when current, rebuilt when content changes or the file is damaged."""

from __future__ import annotations

import functools
import os
import re
import shutil
import stat
from pathlib import Path
from typing import Any

import pytest

from famsupport_cli.checks.content import load_bundle
from famsupport_cli.checks.vignettes import load_training_text
from famsupport_cli.content import vignettes
from famsupport_cli.content.loader import Bundle, shipped_content_dir
from famsupport_cli.io import cache
from famsupport_cli.io.cache import cached_bundle


def _cache_files(home: Path) -> list[Path]:
    return sorted((home / "cache").glob("content-*.json"))


def test_a_second_load_comes_from_the_cache(famsupport_home: Path) -> None:
    builds: list[int] = []

    def build() -> Bundle:
        builds.append(1)
        return load_bundle()

    first = cached_bundle(None, "en", build)
    second = cached_bundle(None, "en", build)
    assert builds == [1]
    assert second == first
    [cache] = _cache_files(famsupport_home)
    assert stat.S_IMODE(cache.stat().st_mode) == 0o600


def test_changed_content_and_another_language_are_not_served_stale(famsupport_home: Path, tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    (pack / "checklists").mkdir(parents=True)
    decide = pack / "checklists" / "decide.yaml"
    decide.write_text("title: First title\n")
    assert cached_bundle(pack, "en", lambda: load_bundle(pack)).checklist("decide").title == "First title"
    decide.write_text("title: Second, longer title\n")
    assert cached_bundle(pack, "en", lambda: load_bundle(pack)).checklist("decide").title == "Second, longer title"
    german = cached_bundle(None, "de", lambda: load_bundle(language="de"))
    assert german.language == "de"
    # One file per language and pack: the changed pack replaced its own entry.
    assert len(_cache_files(famsupport_home)) == 2


def test_only_the_most_recent_cache_files_are_kept(famsupport_home: Path, tmp_path: Path) -> None:
    for number in range(cache._KEEP + 3):
        pack = tmp_path / f"pack{number}"
        pack.mkdir()
        cached_bundle(pack, "en", functools.partial(load_bundle, pack))
    assert len(_cache_files(famsupport_home)) == cache._KEEP


def test_a_damaged_cache_file_is_rebuilt(famsupport_home: Path) -> None:
    cached_bundle(None, "en", load_bundle)
    [cache] = _cache_files(famsupport_home)
    cache.write_bytes(b"not a pickle")
    bundle = cached_bundle(None, "en", load_bundle)
    assert bundle.checklist("decide").id == "decide"
    assert cache.read_bytes() != b"not a pickle"


def test_the_cache_can_be_turned_off(famsupport_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAMSUPPORT_NO_CACHE", "1")
    cached_bundle(None, "en", load_bundle)
    assert not (famsupport_home / "cache").exists()


def test_shipped_content_edits_invalidate_the_cache(famsupport_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "shipped"
    shutil.copytree(shipped_content_dir(), copy)
    monkeypatch.setattr("famsupport_cli.io.cache.shipped_content_dir", lambda: copy)
    monkeypatch.setattr("famsupport_cli.content.loader.shipped_content_dir", lambda: copy)
    assert cached_bundle(None, "en", load_bundle).ui.yes == "Yes"
    ui = copy / "ui.yaml"
    ui.write_text(ui.read_text().replace('yes: "Yes"', 'yes: "Yes indeed"'))
    os.utime(ui, ns=(ui.stat().st_atime_ns, ui.stat().st_mtime_ns + 1_000_000))
    assert cached_bundle(None, "en", load_bundle).ui.yes == "Yes indeed"


def test_training_words_come_from_the_cache_until_training_yaml_changes(
    famsupport_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    shutil.copy(shipped_content_dir() / "training.yaml", pack / "training.yaml")
    checks: list[str] = []
    real_check = vignettes.check_training_text

    def counted(*args: object) -> object:
        checks.append("checked")
        return real_check(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(vignettes, "check_training_text", counted)
    first = load_training_text(pack)
    assert load_training_text(pack) == first
    assert checks == ["checked"]  # the second came from the cache
    text = (pack / "training.yaml").read_text(encoding="utf-8")
    changed = re.sub(r"(?m)^list_case: .*$", "list_case: A longer word for a case", text)  # another size: a new key
    assert changed != text
    (pack / "training.yaml").write_text(changed, encoding="utf-8")
    assert load_training_text(pack).list_case == "A longer word for a case"
    assert checks == ["checked", "checked"]


# --- data only, checked before it is trusted ---------------------------------------------------------


def test_the_cache_is_json_data_with_its_key_first(famsupport_home: Path) -> None:
    import json

    cached_bundle(None, "en", load_bundle)
    [file] = _cache_files(famsupport_home)
    format_line, key_line, data = file.read_bytes().split(b"\n", 2)
    assert format_line == b"famsupport-cache 2"
    assert "decide.yaml" in json.loads(key_line)
    assert json.loads(data)["checklists"]["decide"]["id"] == "decide"


def test_a_cache_file_with_another_key_is_not_even_parsed(famsupport_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cached_bundle(None, "en", load_bundle)
    [file] = _cache_files(famsupport_home)
    format_line, _key, data = file.read_bytes().split(b"\n", 2)
    file.write_bytes(format_line + b'\n"another key"\n' + data.replace(b'"Yes"', b'"Planted"'))
    parsed: list[bytes] = []
    real = cache._load_bundle
    monkeypatch.setattr(cache, "_load_bundle", lambda raw: parsed.append(raw) or real(raw))
    assert cached_bundle(None, "en", load_bundle).ui.yes == "Yes"
    assert parsed == []


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data.replace(b'"id":"decide"', b'"id":"NOT AN ID"', 1), id="invalid-id"),
        pytest.param(lambda data: data.replace(b'"yes":"Yes"', b'"yes":"{unknown}"'), id="broken-placeholder"),
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: data.replace(b'"language":"en"', b'"language":"en","extra":1'), id="unknown-field"),
    ],
)
def test_cache_data_that_fails_validation_is_rebuilt(famsupport_home: Path, damage: Any) -> None:
    """The key alone does not make data trusted: it is validated into the models like the YAML."""
    cached_bundle(None, "en", load_bundle)
    [file] = _cache_files(famsupport_home)
    format_line, key, data = file.read_bytes().split(b"\n", 2)
    damaged = damage(data)
    assert damaged != data
    file.write_bytes(b"\n".join([format_line, key, damaged]))
    builds: list[int] = []

    def build() -> Bundle:
        builds.append(1)
        return load_bundle()

    assert cached_bundle(None, "en", build) == load_bundle()
    assert builds == [1]


def _rebuilds(builds: list[int]) -> Bundle:
    builds.append(1)
    return load_bundle()


@pytest.mark.parametrize("kind", ["symlink", "fifo", "foreign", "group-writable"])
def test_an_unsafe_cache_file_is_never_read(famsupport_home: Path, tmp_path: Path, kind: str) -> None:
    cached_bundle(None, "en", load_bundle)
    [file] = _cache_files(famsupport_home)
    if kind == "symlink":
        elsewhere = tmp_path / "elsewhere.json"
        elsewhere.write_bytes(file.read_bytes())
        file.unlink()
        file.symlink_to(elsewhere)
    elif kind == "fifo":
        file.unlink()
        os.mkfifo(file)
    elif kind == "foreign":
        if os.geteuid() != 0:
            pytest.skip("giving a file to another user needs root")
        os.chown(file, 4321, 4321)
    else:
        file.chmod(0o620)
    builds: list[int] = []
    assert cached_bundle(None, "en", functools.partial(_rebuilds, builds)).checklist("decide").id == "decide"
    assert builds == [1], "rebuilt, not served from the unsafe file"
    assert stat.S_ISREG(file.lstat().st_mode) and file.stat().st_uid == os.geteuid()  # replaced by famsupport's own
    if kind == "symlink":
        assert (tmp_path / "elsewhere.json").exists(), "the link's target is left alone"


def test_the_pickles_of_an_older_famsupport_are_removed_unread(famsupport_home: Path) -> None:
    folder = famsupport_home / "cache"
    folder.mkdir(mode=0o700)
    old = folder / "content-en-00000000.pickle"
    old.write_bytes(b"not read")
    cached_bundle(None, "en", load_bundle)
    assert not old.exists()
