"""A checklist as a printable handout: every question, its options, and how the result is reached."""

from __future__ import annotations

from famsupport_cli.content.bundle import Bundle
from famsupport_cli.content.models import AllOf, AnyOf, Checklist, Condition, NotOf, Question, QuestionRef, Test
from famsupport_cli.core.summary import display_value, md_inline, md_text

_OPERATORS = (("gte", "≥"), ("lte", "≤"), ("gt", ">"), ("lt", "<"))


def readable_condition(bundle: Bundle, checklist: Checklist, condition: Condition) -> str:
    """A condition in the checklist's own words: question wording and option labels."""
    ui = bundle.ui
    if isinstance(condition, AllOf):
        return ui.cond_and.join(_part(bundle, checklist, part) for part in condition.all)
    if isinstance(condition, AnyOf):
        return ui.cond_or.join(_part(bundle, checklist, part) for part in condition.any)
    if isinstance(condition, NotOf):
        return ui.cond_not.format(text=readable_condition(bundle, checklist, condition.not_))
    return _test(bundle, checklist, condition)


def _part(bundle: Bundle, checklist: Checklist, condition: Condition) -> str:
    text = readable_condition(bundle, checklist, condition)
    return f"({text})" if isinstance(condition, AllOf | AnyOf) else text


def _test(bundle: Bundle, checklist: Checklist, test: Test) -> str:
    ui = bundle.ui
    questions = {q.id: q for q in checklist.questions()}
    facts = {fact.id: fact.prompt for fact in checklist.facts}  # worked out by the tool, named by their wording
    question = questions.get(test.question)
    name = question.prompt if question else facts.get(test.question, test.question)

    def label(value: object) -> str:
        return display_value(question, value if isinstance(value, str | int) else str(value), bundle)

    if test.answered is not None:
        return (ui.cond_answered if test.answered else ui.cond_not_answered).format(question=name)
    if test.equals is not None:
        return ui.cond_is.format(question=name, value=label(test.equals))
    if test.in_ is not None:
        return ui.cond_one_of.format(question=name, values="; ".join(label(v) for v in test.in_))
    if test.includes is not None or test.includes_any is not None:
        values = [test.includes] if test.includes is not None else list(test.includes_any or [])
        return ui.cond_includes.format(question=name, values="; ".join(label(v) for v in values))
    for key, symbol in _OPERATORS:
        bound = getattr(test, key)
        if bound is not None:
            if isinstance(bound, QuestionRef):
                words = questions[bound.question].prompt if bound.question in questions else facts.get(bound.question, bound.question)
                shown = f"“{words}”"
            else:
                shown = str(bound)
            return ui.cond_compare.format(question=name, operator=symbol, value=shown)
    return name


def checklist_markdown(bundle: Bundle, checklist: Checklist) -> str:
    """The whole checklist as Markdown, for printing or a team meeting."""
    parts = [f"# {md_inline(checklist.title)}", "", md_text(checklist.intro), ""]
    number = 0
    for index, section in enumerate(checklist.sections, start=1):
        parts += [f"## {index}. {md_inline(section.title)}", ""]
        if section.intro:
            parts += [md_text(section.intro), ""]
        for question in section.questions:
            number += 1
            parts += _question(bundle, checklist, question, number)
    if checklist.decision is not None:
        parts += _decision(bundle, checklist)
    for finding_list in checklist.lists:
        parts += [f"## {md_inline(finding_list.title)}", ""]
        for rule in (r for r in checklist.rules if r.add_to == finding_list.id):
            recommendation = next((r for r in bundle.recommendations.recommendations if r.id == rule.recommendation), None)
            title = recommendation.title if recommendation else rule.title or ""
            parts.append(f"- **{md_inline(title)}**" + (f": {md_inline(rule.text)}" if rule.text else ""))
            when = readable_condition(bundle, checklist, rule.when) if rule.when else bundle.ui.handout_always
            parts.append(f"  - _{md_inline(bundle.ui.handout_shown_when)}: {md_inline(when)}_")
        parts.append("")
    return "\n".join(parts)


def _question(bundle: Bundle, checklist: Checklist, question: Question, number: int) -> list[str]:
    optional = f" _({md_inline(bundle.ui.handout_optional)})_" if not question.required else ""
    lines = [f"**{number}. {md_inline(question.prompt)}**{optional}", ""]
    if question.help:
        lines += [f"_{md_inline(question.help)}_", ""]
    if question.when is not None:
        lines += [f"{md_inline(bundle.ui.handout_asked_when)}: {md_inline(readable_condition(bundle, checklist, question.when))}", ""]
    choices: list[str] = []
    if question.type == "yesno":
        choices = [bundle.ui.yes, bundle.ui.no]
    elif question.type in ("single", "multiple"):
        choices = [option.label for option in question.options or []]
    elif question.type == "scale" and question.min is not None and question.max is not None:
        choices = [f"{question.min} ({question.min_label or ''}) … {question.max} ({question.max_label or ''})"]
    if question.allow_dont_know:
        choices.append(bundle.ui.dont_know)
    if question.allow_not_applicable:
        choices.append(bundle.ui.not_applicable)
    box = "- [ ]" if question.type != "scale" else "-"
    lines += [f"{box} {md_inline(choice)}" for choice in choices]
    return [*lines, ""] if choices else lines


def _decision(bundle: Bundle, checklist: Checklist) -> list[str]:
    decision = checklist.decision
    assert decision is not None
    ui = bundle.ui
    lines = [f"## {md_inline(ui.handout_decision)}", "", f"### {md_inline(ui.handout_outcomes)}", ""]
    lines += [f"- **{md_inline(o.label)}**: {md_inline(o.summary)}" for o in decision.outcomes]
    lines += ["", f"### {md_inline(ui.handout_red_flags)}", ""]
    lines += [f"- {md_inline(f.reason)} _({md_inline(readable_condition(bundle, checklist, f.when))})_" for f in decision.red_flags]
    lines += ["", f"### {md_inline(ui.handout_criteria)}", ""]
    lines += [f"- **{md_inline(c.title)}** _({md_inline(readable_condition(bundle, checklist, c.holds))})_" for c in decision.criteria]
    return [*lines, ""]
