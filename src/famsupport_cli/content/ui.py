"""The interface text (prompts, headings, notes) read from content/ui.yaml, and what the
interface catalogues (ui.yaml here, training.yaml in content.vignettes) share.

Kept in content so that an organisation or a translation can reword it; the code refers to
each text by its field name, and a missing field is a content error. Each text is declared
once, as `famsupport_cli.messages` describes: a field here (a text, or `Plural` where a number
decides the wording) and its English words in the shipped file, whose {placeholders} every
rewording and translation keeps (`Words.problems`).
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import ClassVar, Self

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from famsupport_cli.content import yamlfile
from famsupport_cli.content.location import shipped_content_dir
from famsupport_cli.errors import FamsupportError
from famsupport_cli.messages import Entry, Plural, entry_problems

_declared: dict[str, dict[str, Entry]] = {}  # the shipped English words, read once per process and file


class Words(BaseModel):
    """A catalogue of interface words as a model: every field a text, or a `Plural`."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    FILE: ClassVar[str]  # the catalogue's file in content/ (and i18n/<lang>/), which declares each text

    def problems(self) -> list[tuple[tuple[str, ...], str, str]]:
        """(where in the file, field, problem) for each text that does not fit its declaration.

        The place of plural forms is their `other:` form, which a translation gives (its
        mapping may sit in the English file).
        """
        declared = declared_words(self.FILE)
        found: list[tuple[tuple[str, ...], str, str]] = []
        for name in type(self).model_fields:
            entry = getattr(self, name)
            where: tuple[str, ...] = (name, "other") if isinstance(entry, Plural) else (name,)
            found += [(where, name, problem) for problem in entry_problems(entry, declared.get(name))]
        return found

    def in_language(self, language: str, untranslated: Collection[str] = ()) -> Self:
        """These words, each plural text choosing its form by the rule of its language.

        `untranslated`: the texts left in English (as `overlay.untranslated` names them), whose
        forms follow the English rule ("0 answers", not a French "0 answer").
        """
        plurals = {
            name: value.in_language("en" if f"{name}.other" in untranslated else language)
            for name, value in self.__dict__.items()
            if isinstance(value, Plural)
        }
        return self.model_copy(update=plurals) if plurals else self


def declared_words(file: str) -> dict[str, Entry]:
    """The shipped English texts of a catalogue: what every rewording and translation of it keeps."""
    if file not in _declared:
        _declared[file] = _read_declared(shipped_content_dir() / file)
    return _declared[file]


def _read_declared(path: Path) -> dict[str, Entry]:
    try:
        data = yamlfile.parse(path.read_text(encoding="utf-8"), path.name).data
        return TypeAdapter(dict[str, str | Plural]).validate_python(data if isinstance(data, dict) else {})
    except (OSError, FamsupportError, ValidationError, ValueError):  # the shipped file is checked as content
        return {}


class UiText(Words):
    """The interface texts by name, read-only; ui.yaml is checked against these fields."""

    FILE: ClassVar[str] = "ui.yaml"

    # the walk
    section_progress: str
    back_instruction: str
    select_instruction: str
    multiple_instruction: str
    optional_instruction: str
    hint_separator: str
    plain_instruction: str
    plain_choose_many: str
    plain_help_marker: str
    yes: str
    no: str
    dont_know: str
    not_applicable: str
    invalid_answer: str
    your_answer: str
    outcome_preview: str
    review_title: str
    review_finish: str
    review_change: str
    review_which: str
    # results in the terminal and in the summary
    recommendation: str
    recommended: str
    final_choice: str
    override_reason: str
    preference: str
    not_answered: str
    reasons: str
    reason_red_flag: str
    reason_red_flag_own_outcome: str
    reason_holds: str
    reason_fails: str
    reason_unsure: str
    based_on: str
    because: str
    things_to_try: str
    level: str
    all_answers: str
    question: str
    answer: str
    sources_drawn_on: str
    source_kind_synthesis: str
    nothing_in_list: str
    footer: str
    # the documents: the case note, the supervision record, the full sheet
    footer_reflection: str
    casenote_title: str
    casenote_prepared: str
    session_date: str
    case_reference: str
    casenote_format: str
    casenote_recommended_instead: str
    casenote_reason_for_choice: str
    casenote_decided_by: str
    casenote_recommendation_rested_on: str
    casenote_all_in_place: str
    casenote_agreed: str
    casenote_past_limit: str
    casenote_notes: str
    next_steps: str
    casenote_step_reflect: str
    casenote_footer: str
    record_title: str
    sheet_label: str
    sheet_label_reflection: str
    record_label: str
    record_after: str
    record_noticed: str
    record_footer: str
    case_ref_identifying: str
    case_ref_unsafe: str
    session_date_invalid: str
    free_text_cleaned: str
    scale_value: str
    # handouts (famsupport content show)
    handout_asked_when: str
    handout_optional: str
    handout_decision: str
    handout_red_flags: str
    handout_criteria: str
    handout_outcomes: str
    handout_shown_when: str
    handout_always: str
    cond_is: str
    cond_one_of: str
    cond_includes: str
    cond_compare: str
    cond_answered: str
    cond_not_answered: str
    cond_and: str
    cond_or: str
    cond_not: str
    # notes and messages
    privacy_warning: str
    skipped_answer_note: str
    invalid_preset_note: str
    saved_to: str
    json_is_the_whole_sheet: str
    note: str
    colon: str
    template_header: str
    template_question_line: str
    template_required: str
    template_optional: str
    template_asked_when: str
    condition_is: str
    condition_one_of: str
    condition_includes: str
    condition_includes_any: str
    condition_answered: str
    condition_not_answered: str
    condition_and: str
    condition_or: str
    condition_not: str
    # wellbeing agreements and drafts, during decide and reflect
    wellbeing_heads_up: str
    draft_kept: Plural
    draft_kept_hint: Plural
    draft_exists: Plural
    draft_damaged_replaced: str
    draft_not_saved: str
    draft_resumed: Plural
    draft_replaced_by_answers: str
    draft_other_content_version: str
    permissions_tightened: str
    permissions_loose: str
    # the journal: history, show, wellbeing, config, drafts
    journal_date: str
    journal_kind: str
    journal_result: str
    journal_file: str
    journal_folder: str
    journal_recommended_was: str
    journal_damaged: str
    journal_empty: str
    journal_none_match: str
    wellbeing_title: Plural
    wellbeing_day: str
    wellbeing_sessions: str
    wellbeing_outside_hours: str
    wellbeing_agreements: str
    agreement_setting: str
    agreement_value: str
    agreement_origin: str
    agreement_max_sessions: str
    agreement_working_hours: str
    agreement_not_set: str
    agreement_from_config: str
    agreement_from_content: str
    agreement_nowhere: str
    agreement_set_with: str
    drafts_checklist: str
    drafts_saved: str
    drafts_answers: str
    drafts_none: str
    drafts_damaged: str
