"""The content cache: used when current, rebuilt when content changes or the file is damaged."""

from __future__ import annotations

import functools
import os
import re
import shutil
import stat
from pathlib import Path

import pytest

from famsupport_cli.checks.content import load_bundle
from famsupport_cli.checks.vignettes import load_training_text
from famsupport_cli.content import vignettes
from famsupport_cli.content.loader import Bundle, shipped_content_dir
from famsupport_cli.io import cache
from famsupport_cli.io.cache import cached_bundle


def _cache_files(home: Path) -> list[Path]:
    return sorted((home / "cache").glob("content-*.pickle"))


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
