"""Organisation content packs: init, override and add by id, validate, and show handouts."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import RunCli, WriteAnswers
from famsupport_cli.checks.content import load_bundle
from famsupport_cli.errors import FamsupportError
from helpers import load_golden


@pytest.fixture
def pack(tmp_path: Path, run: RunCli) -> Path:
    folder = tmp_path / "our-pack"
    result = run("content", "init", str(folder))
    assert result.exit_code == 0, result.output
    return folder


def test_init_writes_a_small_commented_pack_that_validates(pack: Path, run: RunCli) -> None:
    assert (pack / "README.md").is_file()
    assert (pack / "checklists" / "decide.yaml").read_text().startswith("#")
    result = run("content", "validate", str(pack))
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.stdout


def test_init_refuses_a_folder_with_files_unless_forced(pack: Path, run: RunCli) -> None:
    (pack / "sources.yaml").write_text("changed")
    assert run("content", "init", str(pack)).exit_code == 2
    assert (pack / "sources.yaml").read_text() == "changed"
    assert run("content", "init", str(pack), "--force").exit_code == 0
    assert (pack / "sources.yaml").read_text() != "changed"


def test_init_never_writes_through_a_linked_subfolder_even_forced(pack: Path, run: RunCli, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(pack / "checklists")
    (pack / "checklists").symlink_to(elsewhere)
    result = run("content", "init", str(pack), "--force")
    assert result.exit_code == 2, result.output
    assert "symbolic link" in result.stderr
    assert list(elsewhere.iterdir()) == []


def test_a_pack_overrides_a_default_and_adds_an_agreement(pack: Path, run: RunCli, write_answers: WriteAnswers) -> None:
    answers = {k: v for k, v in load_golden("decide-digital.yaml").items() if k != "max_sessions_per_day"}
    path = write_answers(answers)
    shipped = json.loads(run("decide", "--answers", path, "--no-input", "-o", "-", "-f", "json").stdout)
    packed = json.loads(run("decide", "--answers", path, "--no-input", "-o", "-", "-f", "json", "--content", pack).stdout)
    assert shipped["answers"]["max_sessions_per_day"] == 4
    assert packed["answers"]["max_sessions_per_day"] == 5  # the organisation's own maximum
    assert "our_recording_rule" not in [a["id"] for a in shipped["agreements"]]
    assert "our_recording_rule" in [a["id"] for a in packed["agreements"]]
    assert "our-policy" in packed["sources"]
    # Everything else is the shipped content, untouched.
    assert len(packed["agreements"]) == len(shipped["agreements"]) + 1
    assert packed["recommendation"] == shipped["recommendation"] == "digital"


def test_the_environment_variable_selects_the_pack(pack: Path, run: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAMSUPPORT_CONTENT", str(pack))
    result = run("template", "decide")
    assert "max_sessions_per_day: 5" in result.stdout


def test_an_error_in_a_pack_names_the_pack_file_and_line(pack: Path) -> None:
    rules = pack / "checklists" / "decide.yaml"
    text = rules.read_text().replace("add_to: agreements", "add_to: agreemnts")
    rules.write_text(text)
    line = text.splitlines().index("    add_to: agreemnts") + 1
    with pytest.raises(FamsupportError) as caught:
        load_bundle(pack)
    assert any(f"{rules}:{line}:" in detail and "agreemnts" in detail for detail in caught.value.details), caught.value.details


def test_a_pack_item_without_a_known_source_is_an_error(pack: Path) -> None:
    decide = pack / "checklists" / "decide.yaml"
    decide.write_text(decide.read_text().replace("sources: [our-policy]", "sources: [our-polcy]"))
    with pytest.raises(FamsupportError) as caught:
        load_bundle(pack)
    assert any("our-polcy" in detail for detail in caught.value.details)


def test_content_show_prints_a_handout_with_every_question(run: RunCli) -> None:
    result = run("content", "show", "decide", "--format", "markdown")
    assert result.exit_code == 0
    bundle = load_bundle()
    for question in bundle.checklist("decide").questions():
        assert question.prompt in result.stdout
    assert "How the recommendation is reached" in result.stdout
    # Conditions read in the checklist's words, not ids.
    assert "“Which device could they use for an online session?”" in result.stdout


def test_content_show_recommendations_and_unknown_checklist(run: RunCli) -> None:
    assert "Organisational" in run("content", "show", "recommendations", "--format", "markdown").stdout
    assert run("content", "show", "nothing").exit_code == 2


def _add_required_question(pack: Path) -> None:
    decide = pack / "checklists" / "decide.yaml"
    decide.write_text(
        decide.read_text().replace(
            "rules:\n",
            "  - id: preferences\n"
            "    questions:\n"
            "      - id: our_consent_form\n"
            "        type: yesno\n"
            '        prompt: "Has the family member signed our consent form?"\n'
            "        sources: [our-policy]\n"
            "\nrules:\n",
            1,
        )
    )


def test_a_pack_question_the_cases_do_not_answer_leaves_them_usable(pack: Path, run: RunCli) -> None:
    from famsupport_cli.checks.vignettes import check_training_content, load_vignettes

    _add_required_question(pack)
    bundle = load_bundle(pack)
    assert "our_consent_form" in bundle.checklist("decide").question_index
    cases = load_vignettes(bundle, pack)
    shipped = load_vignettes(load_bundle())
    assert [case.id for case in cases] == [case.id for case in shipped]
    for case in cases:
        reference = case.reference("decide")
        assert "our_consent_form" not in reference.answers, "left unanswered, as if skipped"
        same = next(item for item in shipped if item.id == case.id).reference("decide")
        assert reference.result.verdict == same.result.verdict
    warnings = [p for p in check_training_content(bundle, pack) if "our_consent_form" in p.item]
    assert len(warnings) == len(cases) and all(p.severity == "warning" for p in warnings)
    assert run("training", "list", "--content", pack).exit_code == 0


def test_the_shipped_cases_answer_every_shipped_question() -> None:
    from famsupport_cli.checks.vignettes import check_training_content

    assert [p for p in check_training_content(load_bundle()) if "not answered" in p.message] == []


def test_a_pack_names_its_own_safeguarding_lead(pack: Path, run: RunCli, write_answers: WriteAnswers) -> None:
    decide = pack / "checklists" / "decide.yaml"
    lead = "Call our duty safeguarding lead on the internal line 4242 today, and record the call."
    decide.write_text(decide.read_text() + f'\n  - id: escalate_safeguarding\n    text: "{lead}"\n')
    path = write_answers({**load_golden("decide-digital.yaml"), "harm_to_others": "concrete"})
    shipped = json.loads(run("decide", "--answers", path, "--no-input", "-o", "-", "-f", "json").stdout)
    packed = json.loads(run("decide", "--answers", path, "--no-input", "-o", "-", "-f", "json", "--content", pack).stdout)
    assert [item["id"] for item in packed["safeguarding"]] == ["escalate_safeguarding"]
    assert packed["safeguarding"][0]["text"] == lead
    assert shipped["safeguarding"][0]["text"] != lead
    assert packed["safeguarding"][0]["title"] == shipped["safeguarding"][0]["title"], "only the text changes"
