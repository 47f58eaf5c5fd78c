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
        _refuse_links(folder, target)
        ensure_private_dir(target.parent)
        text = source.read_text(encoding="utf-8")
        if source.suffix == ".yaml":
            text = _schema_comment(source.relative_to(template)) + text
        write_private(target, text, force=force)
        written.append(target)
    return written


def _refuse_links(folder: Path, target: Path) -> None:
    """A subfolder of the new pack that is a link would take the template's files (with --force) wherever it points."""
    for inside in reversed(target.relative_to(folder).parents[:-1]):
        if (folder / inside).is_symlink():
            raise invalid_input(Text("pack_target_link", folder=folder / inside), hint=Text("pack_target_link_hint"))


def schemas_dir() -> Path:
    """The JSON Schemas beside the shipped content: schemas/ in a checkout, famsupport_cli/schemas in an installed wheel."""
    return shipped_content_dir().parent / "schemas"


def _schema_comment(relative: Path) -> str:
    """The line that points an editor (yaml-language-server) at the JSON Schema of a pack file."""
    kind = (
        {"checklists": "checklist", "vignettes": "vignette"}.get(relative.parts[0], relative.stem)
        if len(relative.parts) > 1
        else relative.stem
    )
    schema = schemas_dir() / f"{kind}.schema.json"
    return f"# yaml-language-server: $schema={schema.resolve()}\n" if schema.is_file() else ""
