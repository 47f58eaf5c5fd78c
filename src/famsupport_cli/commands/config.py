"""Your wellbeing agreements (config set / unset / show) and your last days against them (wellbeing).

The agreements are kept in config.yaml in your famsupport folder; a content pack may give defaults.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Annotated, Any

import typer

from famsupport_cli.app import ContentOption, LangOption, ListFormat, app, load_content, resolve_language, user_errors
from famsupport_cli.commands.journal import DateOption, FormatOption, write_json
from famsupport_cli.messages import Text

if TYPE_CHECKING:
    from famsupport_cli.content.bundle import Bundle

config_app = typer.Typer(
    help="Your wellbeing agreements: the most sessions a day, your working hours. Kept in config.yaml in your famsupport folder.",
    no_args_is_help=True,
)
app.add_typer(config_app, name="config")


def _agreements(bundle: Bundle, settings: dict[str, Any]) -> list[dict[str, Any]]:
    from famsupport_cli.core import wellbeing

    checklists = [bundle.checklists[name] for name in sorted(bundle.checklists, key=lambda n: (n != wellbeing.SESSION_KIND, n))]
    return [
        {"key": key, "value": found.value, "origin": found.origin}
        for key in wellbeing.SETTINGS
        for found in [wellbeing.agreement(checklists, key, settings)]
    ]


def _names(bundle: Bundle) -> dict[str, str]:
    from famsupport_cli.core import wellbeing

    ui = bundle.ui
    return {wellbeing.MAX_SESSIONS_KEY: ui.agreement_max_sessions, wellbeing.WORKING_HOURS_KEY: ui.agreement_working_hours}


@app.command("wellbeing")
def wellbeing_command(
    days: Annotated[
        int, typer.Option("--days", "-d", metavar="DAYS", min=1, max=366, help="How many days to look back, today included.")
    ] = 7,
    output_format: FormatOption = ListFormat.text,
    date: DateOption = None,
    content: ContentOption = None,
    lang: LangOption = None,
) -> None:
    """Your last days: sessions prepared per day against your agreed maximum, those outside your agreed hours, and the agreements.

    Example: famsupport wellbeing --days 14
    """
    with user_errors():
        from famsupport_cli.core import wellbeing
        from famsupport_cli.io import config, journal
        from famsupport_cli.render import journal as shown
        from famsupport_cli.runner import note_uncounted, resolve_date

        when = resolve_date(date)
        bundle = load_content(content, lang)
        settings = config.read_settings()
        agreements = _agreements(bundle, settings)
        agreed = {item["key"]: item["value"] for item in agreements}
        maximum = agreed.get(wellbeing.MAX_SESSIONS_KEY)
        hours = wellbeing.parse_working_hours(agreed[wellbeing.WORKING_HOURS_KEY]) if agreed.get(wellbeing.WORKING_HOURS_KEY) else None
        first = when.date() - timedelta(days=days - 1)
        prepared = journal.prepared_between(wellbeing.SESSION_KIND, first, when.date(), on_uncounted=note_uncounted)
        counted = wellbeing.last_days(prepared, when, days, hours)
        if output_format is ListFormat.json:
            write_json({
                "date": when.isoformat(),
                "days": [
                    {
                        "date": day.day.isoformat(),
                        "sessions": day.sessions,
                        "outside_working_hours": day.outside_hours if hours is not None else None,
                        "max_sessions_per_day": maximum,
                        "maximum_reached": isinstance(maximum, int) and day.sessions >= maximum,
                    }
                    for day in counted
                ],
                "agreements": {item["key"]: {"value": item["value"], "origin": item["origin"]} for item in agreements},
            })  # fmt: skip
            return
        ui = bundle.ui
        ceiling = maximum if isinstance(maximum, int) else None
        rows = [(day.day, day.sessions, day.outside_hours) for day in counted]
        shown.wellbeing(rows, ceiling, hours is not None, ui.wellbeing_title.format(days=days), ui)
        shown.agreements(agreements, _names(bundle), ui)


@config_app.command("set")
def config_set(
    key: Annotated[str, typer.Argument(metavar="KEY", help="max-sessions-per-day (1-20) or working-hours (e.g. 09:00-17:00).")],
    value: Annotated[str, typer.Argument(metavar="VALUE", help="The value to agree on.")],
    content: ContentOption = None,
    lang: LangOption = None,
) -> None:
    """Set one of your agreements, e.g. `famsupport config set max-sessions-per-day 4`.

    Example: famsupport config set working-hours 09:00-17:00
    """
    with user_errors():
        from famsupport_cli.io import config, display

        resolve_language(lang, content)
        checked = config.check_setting(key, value)
        path, tightened, _ = config.change_setting(key, checked)
        for loose in tightened:
            display.note(str(Text("made_private", paths=loose)))
        display.note(str(Text("setting_saved", key=key, value=checked, path=path)))


@config_app.command("unset")
def config_unset(
    key: Annotated[str, typer.Argument(metavar="KEY", help="max-sessions-per-day or working-hours.")],
    content: ContentOption = None,
    lang: LangOption = None,
) -> None:
    """Remove one of your agreements; the content's default (if any) applies again.

    Example: famsupport config unset working-hours
    """
    with user_errors():
        from famsupport_cli.core.wellbeing import SETTINGS
        from famsupport_cli.io import config, display

        resolve_language(lang, content)
        if key not in SETTINGS:
            raise config.unknown_setting(key)
        if config.change_setting(key, None)[2] is None:
            display.note(str(Text("setting_was_not_set", key=key)))
            return
        display.note(str(Text("setting_unset", key=key)))


@config_app.command("show")
def config_show(
    output_format: FormatOption = ListFormat.text,
    content: ContentOption = None,
    lang: LangOption = None,
) -> None:
    """Show your agreements, and where each comes from (you, or the content's default).

    Example: famsupport config show --format json
    """
    with user_errors():
        from famsupport_cli.io import config, display
        from famsupport_cli.render import journal as shown

        bundle = load_content(content, lang)
        agreements = _agreements(bundle, config.read_settings())
        if output_format is ListFormat.json:
            data = {item["key"]: {"value": item["value"], "origin": item["origin"]} for item in agreements}
            write_json({"file": str(config.config_path()), "settings": data})
            return
        shown.agreements(agreements, _names(bundle), bundle.ui)
        display.note(str(config.config_path()))
