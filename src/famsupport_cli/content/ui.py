"""The interface text (prompts, headings, notes) read from content/ui.yaml.

Kept in content so that an organisation or a translation can reword it; the
code refers to each text by its field name, and a missing field is a content error.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class UiText(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # the walk
    section_progress: str
    back_instruction: str
    optional_instruction: str
    plain_instruction: str
    plain_choose_many: str
    plain_help_marker: str
    yes: str
    no: str
    dont_know: str
    not_applicable: str
    invalid_answer: str
    first_question_no_back: str
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
