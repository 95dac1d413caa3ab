"""The model's forms in a real browser: a conflict built from the new model without typing YAML.

The page's analysis of the model built with the forms is checked against ``standoff analyze --format
json`` run on the YAML the page exports; labels and irreversibility set in the forms change the
explanation and the analysis as the command says; a condition that does not read is shown at its
field and the model and its analysis stay. Same browser and server as ``test_web_browser.py``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

import standoff

pytestmark = pytest.mark.browser

import test_web_browser as pages  # noqa: E402  (after the marker, as there: it skips without a browser)
from test_web_browser import WAIT, Watched  # noqa: E402
from waiting import wait_until  # noqa: E402

browser, server, watched = pages.browser, pages.server, pages.watched  # the same fixtures


DOCS = Path(__file__).resolve().parents[1] / "docs" / "how-to" / "use-the-web-app.md"


def command(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "standoff", *args], capture_output=True, text=True, check=False
    )


class Forms:
    """Fills the forms by their fields' keys and waits for each change's analysis."""

    def __init__(self, watched: Watched) -> None:
        self.watched = watched
        self.page = watched.page

    @property
    def generation(self) -> int:
        return int(self.page.evaluate("document.body.dataset.generation"))

    def control(self, key: str) -> Any:
        return self.page.locator(f'#forms [data-key="{key}"]')

    def edit(self, key: str, value: str) -> None:
        before = self.generation
        self.control(key).fill(value)
        self.control(key).press("Enter")
        self.watched.analysed(before + 1)

    def choose(self, key: str, value: str) -> None:
        before = self.generation
        self.control(key).select_option(value)
        self.watched.analysed(before + 1)

    def add(self, key: str, **values: str) -> None:
        before = self.generation
        for name, value in values.items():
            self.control(f"{key}-{name}").fill(value)
        self.control(f"{key}-add").click()
        self.watched.analysed(before + 1)

    def type_invalid(self, key: str, value: str) -> str:
        """Type ``value`` into a field without sending it; wait for the live check to mark it; its error."""
        self.control(key).fill(value)
        wait_until(
            self.page,
            f"document.querySelector('[data-key=\"{key}\"]').getAttribute('aria-invalid') === 'true'",
            timeout=WAIT,
        )
        return self.error(key)

    def value(self, key: str) -> str:
        return str(self.control(key).input_value())

    def error(self, key: str) -> str:
        box = self.control(key).get_attribute("data-error")
        return str(self.page.inner_text(f"#{box}"))

    def export(self, tmp_path: Path, name: str) -> Path:
        with self.page.expect_download() as download:
            self.page.click("#export-yaml")
        path = tmp_path / name
        download.value.save_as(path)
        assert path.read_text() == self.page.input_value("#source")
        return path

    def analysis(self) -> dict[str, Any]:
        found: dict[str, Any] = self.page.evaluate("standoff.analysis")
        return found

    def explanation(self, number: int) -> str:
        self.watched.tab("stability")
        self.page.click(f'#stability tbody tr[data-state="{number}"]')
        self.page.wait_for_selector("#explanation-body ul.sentences li", timeout=WAIT)
        words = str(self.page.inner_text("#explanation-body"))
        self.watched.tab("model")
        return words


def cli_analysis(path: Path) -> dict[str, Any]:
    done = command("analyze", str(path), "--format", "json")
    assert done.returncode == 0, done.stderr
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def test_a_conflict_built_with_the_forms_is_analysed_as_the_command_analyses_its_yaml(
    watched: Watched, server: str, tmp_path: Path
) -> None:
    page = watched.page
    forms = Forms(watched)
    page.goto(server + "/app?new=1")
    watched.analysed(1)
    assert page.get_attribute('#edit-mode button[data-mode="forms"]', "aria-pressed") == "true"
    assert page.is_hidden("#source")

    # the two decision makers and their options, renamed; a renamed option is renamed in the statements
    forms.edit("name", "Wage dispute")
    forms.edit("dm-0-name", "Union")
    # leaving a field with Tab sends it too, and the focus stays where Tab took it
    generation = forms.generation
    forms.control("dm-1-name").fill("Company")
    forms.control("dm-1-name").press("Tab")
    watched.analysed(generation + 1)
    assert page.evaluate("document.activeElement.dataset.key") == "dm-1-remove"
    forms.edit("opt-0-0-name", "strike")
    assert forms.value("st-0-0") == "strike"
    forms.edit("opt-1-0-name", "raise_wages")
    forms.add("dm-1-add-option", name="lockout")
    assert page.evaluate("standoff.analysis.options") == ["strike", "raise_wages", "lockout"]
    assert page.evaluate("standoff.analysis.n_states") == 8

    # each decision maker's preference statements: one edited, two added
    forms.edit("st-0-0", "raise_wages")
    forms.add("st-0-add-statement", statement="not lockout")
    forms.add("st-0-add-statement", statement="strike if not raise_wages")
    forms.edit("st-1-0", "not strike")
    forms.add("st-1-add-statement", statement="not raise_wages")
    forms.add("st-1-add-statement", statement="lockout if strike")

    # a condition naming no option is shown at its field; the model and its analysis stay
    analysis = forms.analysis()
    text = page.input_value("#source")
    generation = forms.generation
    forms.control("cond-add-condition").fill("raise_wages and lokout")
    forms.control("cond-add-add").click()
    wait_until(
        page,
        "document.getElementById(document.querySelector('[data-key=\"cond-add-add\"]').dataset.error).innerText"
        ".includes('lokout')",
        timeout=WAIT,
    )
    assert "unknown option 'lokout'" in forms.error("cond-add-add")
    assert "did you mean 'lockout'" in forms.error("cond-add-add")
    assert forms.generation == generation
    assert forms.analysis() == analysis
    assert page.input_value("#source") == text
    assert "not made" in page.inner_text("#status")
    watched.shot("forms-error", 'section[aria-labelledby="forms-infeasible"]')
    forms.control("cond-add-condition").fill("raise_wages and lockout")
    forms.control("cond-add-add").click()
    watched.analysed(generation + 1)
    assert forms.error("cond-add-add") == ""
    assert page.evaluate("standoff.analysis.n_states") == 6

    # the same mistake typed into the condition's own field: found as it is typed, never sent
    generation = forms.generation
    assert "unknown option 'lokout'" in forms.type_invalid("cond-0", "raise_wages and lokout")
    forms.control("cond-0").press("Escape")
    assert forms.value("cond-0") == "raise_wages and lockout"
    assert forms.generation == generation

    # a named state, the status quo, and two steps of history
    forms.add("ns-add", name="calm", state="NNN")
    forms.edit("status-quo", "calm")
    # a named state that matches two states is made, and the problem is said beside it
    forms.add("ns-add", name="unsure", state="-NN")
    assert "Changed, but: the named state 'unsure' matches 2 feasible states" in forms.error("ns-add-add")
    assert page.locator("#problems li").count() == 1  # listed above the forms too
    generation = forms.generation
    forms.control("ns-1-remove").click()
    watched.analysed(generation + 1)
    assert page.locator("#problems li").count() == 0
    forms.add("hist-add", date="2024-01-10", state="calm")
    forms.add("hist-add", date="2024-02-01", state="YNN")
    forms.choose("hist-1-mover", "Union")
    forms.edit("hist-1-description", "The union walks out.")
    page.evaluate("document.getElementById('forms').scrollTop = 0")
    watched.shot("forms")

    exported = forms.export(tmp_path, "built.yaml")
    shutil.copy(exported, watched.shots / "web-forms.yaml")
    assert exported.read_text() in DOCS.read_text()  # the how-to shows this very file
    model = yaml.safe_load(exported.read_text())
    assert [dm["name"] for dm in model["decision_makers"]] == ["Union", "Company"]
    assert model["decision_makers"][1]["preferences"]["prioritization"] == [
        "not strike",
        "not raise_wages",
        "lockout if strike",
    ]
    assert model["infeasible"] == ["raise_wages and lockout"]
    assert model["status_quo"] == "calm"
    assert model["history"][1] == {
        "date": "2024-02-01",
        "state": "YNN",
        "mover": "Union",
        "description": "The union walks out.",
    }
    cli = cli_analysis(exported)
    shown = forms.analysis()
    assert shown["n_states"] == cli["n_states"] == 6
    assert shown["equilibria"] == cli["equilibria"]
    assert cli["equilibria"]["nash"] == ["YNY"]  # as the how-to says
    assert cli["equilibria"]["seq"] == cli["equilibria"]["gmr"] == ["NNN", "NYN", "YNY"]
    assert {c: watched.count(c) for c in cli["equilibria"]} == {
        c: len(s) for c, s in cli["equilibria"].items()
    }
    timeline = command("timeline", str(exported), "--format", "json")
    assert timeline.returncode == 0, timeline.stderr

    # the words of an option's move: its default, then the label given in the form
    assert "Union would prefer to take strike" in forms.explanation(1)
    forms.edit("opt-0-0-take", "go on strike")
    assert "Union would prefer to go on strike" in forms.explanation(1)
    strike = yaml.safe_load(page.input_value("#source"))["decision_makers"][0]["options"][0]
    assert strike == {"name": "strike", "labels": {"take": "go on strike"}}

    # wages, once raised, are never lowered: the analysis changes as the command says it does
    before = forms.analysis()["equilibria"]
    forms.choose("opt-1-0-direction", "forward")
    assert "direction: forward" in page.input_value("#source")
    after = forms.analysis()["equilibria"]
    cli = cli_analysis(forms.export(tmp_path, "irreversible.yaml"))
    assert after == cli["equilibria"]
    assert after != before
    assert (len(before["nash"]), len(after["nash"])) == (1, 3)
    assert (len(before["seq"]), len(after["seq"])) == (3, 4)

    # the misspelt condition: checked as typed in the new condition, sent, checked in its own field
    forget_422(watched, 4)


def forget_422(watched: Watched, most: int) -> None:
    """The models that did not read were answered with 422, as the API promises; Chromium may log those
    answers as failed resources, which is no fault of the page."""
    expected = [p for p in watched.problems if "status of 422" in p]
    assert len(expected) <= most
    watched.problems[:] = [p for p in watched.problems if p not in expected]


def test_removing_an_option_says_what_goes_with_it_and_the_text_follows_the_forms(
    watched: Watched, server: str
) -> None:
    page = watched.page
    forms = Forms(watched)
    page.goto(server + "/app?model=hanoi-2019")
    watched.analysed(1)
    options = page.evaluate("standoff.analysis.options")
    assert options[2] == "new_relations"

    # a renamed option is renamed wherever the model mentions it, and the analysis is the same
    before = page.evaluate("standoff.analysis.equilibria")
    forms.edit("opt-1-0-name", "freeze_tests")
    model = yaml.safe_load(page.input_value("#source"))
    assert "test_freeze" not in json.dumps([model["decision_makers"], model["infeasible"], model["targets"]])
    assert "freeze_tests and new_way" in model["infeasible"]  # two-item mutually_exclusive, as written
    assert page.evaluate("standoff.analysis.equilibria") == before

    # a history step naming no state is found as it is typed, and is not sent
    generation = forms.generation
    assert "'no_such_state' is not a state name" in forms.type_invalid("hist-0-state", "no_such_state")
    forms.control("hist-0-state").press("Enter")
    wait_until(
        page,
        "document.getElementById(document.querySelector('[data-key=\"hist-0-state\"]').dataset.error)"
        ".innerText.startsWith('Not changed')",
        timeout=WAIT,
    )
    assert forms.generation == generation
    forms.control("hist-0-state").press("Escape")

    # an option added in the middle of the model order: every pattern gets its letter (N in a state,
    # - in a condition), so the named states and the history still read; removed, all is as it was
    text = page.input_value("#source")
    forms.add("dm-0-add-option", name="visit")
    assert page.evaluate("standoff.analysis.options")[4] == "visit"
    assert "Valid: 2,304 feasible states" in page.inner_text("#status")
    timeline = page.evaluate("post('timeline', standoff.model).then((found) => found.ok)")
    assert timeline is True
    generation = forms.generation
    forms.control("opt-0-4-remove").click()
    watched.analysed(generation + 1)  # nothing mentions it: removed at once
    assert page.input_value("#source") == text

    # an option given to the other decision maker and back: the patterns follow it both ways
    forms.choose("opt-1-6-owner", "0")
    assert page.evaluate("standoff.analysis.options")[4] == "new_way"
    assert "Valid: 1,152 feasible states" in page.inner_text("#status")
    assert page.evaluate("document.activeElement.dataset.key") == "opt-0-4-owner"
    forms.choose("opt-0-4-owner", "1")
    assert page.input_value("#source") == text
    assert page.evaluate("standoff.analysis.equilibria") == before

    # a third decision maker, added and removed again: removing it takes its option along
    forms.add("add-dm", name="Japan", option="join_talks")
    assert page.evaluate("standoff.analysis.decision_makers")[-1] == "Japan"
    assert page.evaluate("standoff.analysis.n_states") == 2 * 1152
    assert page.evaluate("document.activeElement.dataset.key") == "dm-2-name"
    generation = forms.generation
    forms.control("dm-2-remove").click()
    confirm = page.locator('#forms [role="group"][aria-label^="Confirm"]:visible')
    assert "its option join_talks" in confirm.inner_text()
    confirm.locator("button").first.click()
    watched.analysed(generation + 1)
    assert page.evaluate("standoff.analysis.equilibria") == before

    # removing an option asks first, listing the statements that mention it
    options = page.evaluate("standoff.analysis.options")
    forms.control("opt-0-2-remove").click()
    confirm = page.locator('#forms [role="group"][aria-label^="Confirm"]:visible')
    listed = confirm.inner_text()
    assert "Removing the option new_relations also removes" in listed
    assert "DPRK's statement" in listed
    assert page.evaluate("document.activeElement.textContent").startswith("Remove the option new_relations")
    confirm.locator("text=Keep it").click()
    assert page.evaluate("standoff.analysis.options") == options

    # confirmed, the option and what mentions it go; the text is written again and analysed
    generation = forms.generation
    forms.control("opt-0-2-remove").click()
    page.locator('#forms [role="group"][aria-label^="Confirm"]:visible button').first.click()
    watched.analysed(generation + 1)
    assert page.evaluate("standoff.analysis.options") == options[:2] + options[3:]
    model = yaml.safe_load(page.input_value("#source"))
    assert "new_relations" not in json.dumps([model["decision_makers"], model["states"], model["targets"]])
    shown = standoff.loads(page.input_value("#source")).analyze("seq").space.n_states
    assert page.evaluate("standoff.analysis.n_states") == shown  # one option fewer: about half the states

    # the text and the forms stay in step: a change typed in the text shows in the forms
    page.click('#edit-mode button[data-mode="text"]')
    assert page.is_hidden("#forms")
    generation = forms.generation
    page.fill("#source", page.input_value("#source").replace("- name: United States", "- name: USA"))
    watched.analysed(generation + 1)
    page.click('#edit-mode button[data-mode="forms"]')
    assert forms.value("dm-0-name") == "USA"
    forget_422(watched, 3)


def test_fixed_options_and_their_marks_are_edited_in_the_forms(watched: Watched, server: str) -> None:
    """The ceasefire model fixes aid at N as a judgement call: the forms show it; fixing another option,
    marking it and freeing it again write the model's ``fixed:`` as the model format says, and each
    analysis is the library's on the text written."""
    page = watched.page
    forms = Forms(watched)
    page.goto(server + "/app?model=elmira")
    watched.analysed(1)
    page.click('#edit-mode button[data-mode="text"]')
    # without its named states and target, which fixing most options would exclude (validate says so)
    text = (pages.ROOT / "examples" / "ceasefire.yaml").read_text()
    text = text[: text.index("\nstates:")] + "\n"
    page.fill("#source", text)
    wait_until(
        page, "document.getElementById('model-title').innerText === 'Ceasefire with judgement calls'", WAIT
    )
    watched.analysed(2)
    page.click('#edit-mode button[data-mode="forms"]')
    options = page.evaluate("standoff.analysis.options")
    aid, withdraw = options.index("aid"), options.index("withdraw")
    assert forms.value(f"fix-{aid}") == "N" and forms.value(f"fix-{aid}-call") == "uncertain"
    section = page.inner_text('section[aria-labelledby="forms-fixed"]')
    assert "A judgement call: aid may be free (Donors may resume aid whatever the rebels do.)" in section
    watched.shot("forms-fixed", 'section[aria-labelledby="forms-fixed"]')

    def written() -> Any:
        return yaml.safe_load(page.input_value("#source")).get("fixed")

    def analysed_as_written() -> None:
        shown = standoff.loads(page.input_value("#source")).analyze("seq")
        assert page.evaluate("standoff.analysis.n_states") == shown.space.n_states
        assert page.evaluate("standoff.analysis.equilibria.seq.length") == len(shown.equilibria["seq"])

    states = page.evaluate("standoff.analysis.n_states")
    forms.choose(f"fix-{withdraw}", "N")
    assert written()["withdraw"] == "N"
    assert page.evaluate("standoff.analysis.n_states") < states
    analysed_as_written()
    forms.choose(f"fix-{withdraw}-call", "uncertain")
    assert written()["withdraw"] == {"value": "N", "uncertain": True}
    forms.choose(f"fix-{withdraw}", "")
    assert "withdraw" not in written() and written()["aid"]["uncertain"] is True
    assert page.evaluate("standoff.analysis.n_states") == states
    analysed_as_written()
    # a fixed value that excludes the status quo (NNNNN) is refused at its field, and nothing changes
    generation, source = forms.generation, page.input_value("#source")
    key = f"fix-{options.index('ceasefire')}"
    forms.control(key).select_option("Y")
    wait_until(
        page,
        f"document.getElementById(document.querySelector('[data-key=\"{key}\"]').dataset.error).innerText",
        WAIT,
    )
    assert "the fixed option ceasefire=Y excludes it" in forms.error(key)
    # the refusal is the API's 422 answer, which the browser also logs
    watched.problems.remove(
        "Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"
    )
    assert forms.generation == generation and page.input_value("#source") == source


def test_a_concept_per_decision_maker_is_chosen_in_the_forms(watched: Watched, server: str) -> None:
    """The first concept chosen is every decision maker's; then each is chosen apart; "no profile" removes
    it. The model's ``profile:`` follows, and the Stability answer lists the library's equilibria under it."""
    page = watched.page
    forms = Forms(watched)
    page.goto(server + "/app?model=elmira")
    watched.analysed(1)
    page.click('#edit-mode button[data-mode="forms"]')
    assert forms.value("profile-0") == ""

    def written() -> Any:
        return yaml.safe_load(page.input_value("#source")).get("profile")

    forms.choose("profile-1", "nash")
    assert written() == {"MoE": "nash", "Uniroyal": "nash", "Local": "nash"}
    forms.choose("profile-0", "seq")
    assert written() == {"MoE": "seq", "Uniroyal": "nash", "Local": "nash"}
    expected = standoff.loads(page.input_value("#source")).analyze("nash").profile
    assert expected is not None
    assert watched.count("profile") == len(expected.equilibria)
    forms.choose("profile-2", "")
    assert written() is None
    assert page.locator('#equilibria-list li[data-concept="profile"]').count() == 0
