"""The interface text (prompts, headings, notes) read from content/ui.yaml.

Kept in content so that an organisation or a translation can reword it; the
code refers to each text by its field name, and a missing field is a content error.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel

# The placeholders each interface text is filled with; a text may use these and no others.
PLACEHOLDERS: dict[str, frozenset[str]] = {
    "section_progress": frozenset({"number", "title", "total"}),
    "invalid_answer": frozenset({"allowed", "problem"}),
    "footer": frozenset({"content_version", "version"}),
    "scale_value": frozenset({"max", "value"}),
    "cond_is": frozenset({"question", "value"}),
    "cond_one_of": frozenset({"question", "values"}),
    "cond_includes": frozenset({"question", "values"}),
    "cond_compare": frozenset({"operator", "question", "value"}),
    "cond_answered": frozenset({"question"}),
    "cond_not_answered": frozenset({"question"}),
    "cond_not": frozenset({"text"}),
    "privacy_warning": frozenset({"question"}),
    "skipped_answer_note": frozenset({"question"}),
    "invalid_preset_note": frozenset({"problem", "question"}),
    "saved_to": frozenset({"path"}),
    "note": frozenset({"text"}),
    "template_header": frozenset({"checklist", "version"}),
    "wellbeing_heads_up": frozenset({"text", "title"}),
    "draft_kept": frozenset({"command", "count", "path"}),
    "draft_kept_hint": frozenset({"command", "count", "path"}),
    "draft_exists": frozenset({"command", "count", "saved"}),
    "draft_damaged_replaced": frozenset({"path", "problem"}),
    "draft_not_saved": frozenset({"problem"}),
    "draft_resumed": frozenset({"count", "saved"}),
    "draft_replaced_by_answers": frozenset({"questions"}),
    "draft_other_content_version": frozenset({"saved_version", "version"}),
    "permissions_tightened": frozenset({"path"}),
    "permissions_loose": frozenset({"path"}),
    "journal_recommended_was": frozenset({"format"}),
    "journal_damaged": frozenset({"problem"}),
    "journal_empty": frozenset({"folder"}),
    "wellbeing_title": frozenset({"days"}),
    "agreement_nowhere": frozenset({"key"}),
    "drafts_damaged": frozenset({"problem"}),
}


class UiText:
    """The interface texts by name, read-only. ui.yaml is checked by `ui_text_model()`, built from these names.

    A plain class, not a pydantic model: every run that the cache serves unpickles one, and
    defining a pydantic model with this many fields costs each of those runs ~2 ms.
    """

    def __init__(self, **texts: str) -> None:
        self.__dict__.update(texts)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"UiText is read-only: cannot set {name}")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UiText) and other.__dict__ == self.__dict__

    __hash__ = None  # type: ignore[assignment]

    # the walk
    section_progress: str
    back_instruction: str
    select_instruction: str
    multiple_instruction: str
    optional_instruction: str
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
    note: str
    colon: str
    template_header: str
    # wellbeing agreements and drafts, during decide and reflect
    wellbeing_heads_up: str
    draft_kept: str
    draft_kept_hint: str
    draft_exists: str
    draft_damaged_replaced: str
    draft_not_saved: str
    draft_resumed: str
    draft_replaced_by_answers: str
    draft_other_content_version: str
    permissions_tightened: str
    permissions_loose: str
    # the journal: history, show, wellbeing, config, drafts
    journal_date: str
    journal_kind: str
    journal_result: str
    journal_file: str
    journal_recommended_was: str
    journal_damaged: str
    journal_empty: str
    journal_none_match: str
    wellbeing_title: str
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
    drafts_checklist: str
    drafts_saved: str
    drafts_answers: str
    drafts_none: str
    drafts_damaged: str


@cache
def ui_text_model() -> type[BaseModel]:
    """The pydantic model that checks ui.yaml: every UiText field, a text, and no other key."""
    from pydantic import ConfigDict, create_model, model_validator

    fields: dict[str, Any] = dict.fromkeys(UiText.__annotations__, (str, ...))
    checks: dict[str, Any] = {"placeholders_fit": model_validator(mode="after")(_placeholders_fit)}
    return create_model("UiText", __config__=ConfigDict(extra="forbid", frozen=True), __validators__=checks, **fields)


def _placeholders_fit(self: Any) -> Any:
    """A text with an unknown or broken {placeholder} would fail only when shown; refuse it here."""
    import string  # only when content is checked, not on a run served from the cache

    problems = []
    for name, text in self.__dict__.items():
        allowed = PLACEHOLDERS.get(name, frozenset())
        try:
            used = {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}
        except ValueError as error:
            problems.append(f"{name}: {error} (write {{{{ and }}}} for literal braces)")
            continue
        unknown = sorted(used - allowed)
        if unknown:
            shown = ", ".join("{" + field + "}" for field in unknown)
            can = ", ".join("{" + field + "}" for field in sorted(allowed)) or "none"
            problems.append(f"{name}: unknown placeholder {shown} (this text can use: {can})")
    if problems:
        raise ValueError("; ".join(problems))
    return self
