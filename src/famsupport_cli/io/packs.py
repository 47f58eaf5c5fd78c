"""Starting an organisation's content pack from the template that ships in content/pack-template."""

from __future__ import annotations

from pathlib import Path

from famsupport_cli.content.bundle import shipped_content_dir
from famsupport_cli.errors import FamsupportError, invalid_input
from famsupport_cli.io.writer import ensure_private_dir, write_private
from famsupport_cli.messages import Text


def init_pack(folder: Path, *, force: bool) -> list[Path]:
    """Copy the pack template into `folder`; refuse a folder with files in it unless forced."""
    if folder.exists() and not folder.is_dir():
        raise invalid_input(Text("pack_target_is_file", folder=folder))
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise invalid_input(Text("pack_target_not_empty", folder=folder), hint=Text("pack_target_not_empty_hint"))
    template = shipped_content_dir() / "pack-template"
    if not template.is_dir():
        raise FamsupportError(Text("pack_template_missing", folder=template.parent), hint=Text("reinstall"))
    written = []
    for source in sorted(path for path in template.rglob("*") if path.is_file()):
        target = folder / source.relative_to(template)
        ensure_private_dir(target.parent)
        write_private(target, source.read_text(encoding="utf-8"), force=force)
        written.append(target)
    return written
