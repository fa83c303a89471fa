import pytest

from evaluations.forms import EvaluationForm

pytestmark = pytest.mark.django_db

COMPLETE = {
    "went_well": "My answer on caching.",
    "wish_said": "That I led the migration.",
    "interviewer_reaction": "Nodded a lot.",
    "reaction_rating": "4",
    "confidence": "3",
    "confidence_why": "Rusty on SQL.",
    "company_feeling": "4",
    "growth": "yes",
    "fit_rating": "5",
    "interest_rating": "4",
    "struggled_questions": "",
}


def test_a_draft_may_be_empty():
    form = EvaluationForm({})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["confidence"] is None


def test_a_draft_may_be_partial():
    form = EvaluationForm({"went_well": "The intro.", "confidence": "2"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["confidence"] == 2


@pytest.mark.parametrize("field", ["reaction_rating", "confidence", "fit_rating"])
@pytest.mark.parametrize("value", ["0", "6", "-1", "3.5", "abc"])
def test_scales_accept_only_1_to_5(field, value):
    form = EvaluationForm({field: value})
    assert not form.is_valid()
    assert form.errors[field] == ["Pick a value from 1 to 5."]


@pytest.mark.parametrize("value", ["1", "5"])
def test_scale_ends_are_valid(value):
    assert EvaluationForm({"interest_rating": value}).is_valid()


def test_growth_accepts_yes_maybe_no_only():
    form = EvaluationForm({"growth": "perhaps"})
    assert not form.is_valid()
    assert form.errors["growth"] == ["Pick yes, maybe or no."]


def test_finishing_requires_the_key_answers():
    form = EvaluationForm({"wish_said": "Something"}, finishing=True)
    assert not form.is_valid()
    assert set(form.errors) == {
        "went_well",
        "reaction_rating",
        "confidence",
        "company_feeling",
        "growth",
        "fit_rating",
        "interest_rating",
    }
    assert form.errors["confidence"] == ["Answer this to finish the evaluation."]


def test_finishing_with_every_key_answer_is_valid():
    form = EvaluationForm({**COMPLETE, "wish_said": "", "struggled_questions": ""}, finishing=True)
    assert form.is_valid(), form.errors


def test_finishing_reports_a_bad_value_once():
    form = EvaluationForm({**COMPLETE, "confidence": "9"}, finishing=True)
    assert not form.is_valid()
    assert form.errors["confidence"] == ["Pick a value from 1 to 5."]


def test_text_answers_have_a_maximum_length():
    form = EvaluationForm({"went_well": "x" * 5001})
    assert not form.is_valid()
    assert "at most 5000 characters" in form.errors["went_well"][0]


def test_struggled_questions_are_cleaned_one_per_line():
    form = EvaluationForm({"struggled_questions": "- Why us?\r\n\r\n  2. Why now? \r\nwhy us"})
    assert form.is_valid()
    assert form.cleaned_data["struggled_questions"] == "Why us?\nWhy now?"


def test_scales_render_as_labelled_radio_buttons():
    html = EvaluationForm().as_div()
    assert 'type="radio" name="confidence" value="1"' in html
    assert "1\u00a0— Very low" in html and "5\u00a0— Excellent" in html
    assert "4\u00a0— Warm" in html
