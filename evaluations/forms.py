from crispy_forms.bootstrap import InlineRadios, StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout
from django import forms

from .models import Evaluation, Growth
from .rules import KEY_ANSWERS, missing_key_answers, scale_choices, split_questions
from .services import ANSWER_FIELDS

SCALE_ERROR = "Pick a value from 1 to 5."


def scale_field(name: str, label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=scale_choices(name),
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": SCALE_ERROR},
    )


class EvaluationForm(forms.ModelForm):
    """The self-evaluation. Every field is optional for a draft; `finishing=True` requires
    the key answers (rules.KEY_ANSWERS)."""

    reaction_rating = scale_field("reaction_rating", "Their reaction, overall")
    confidence = scale_field("confidence", "How confident did you feel?")
    company_feeling = scale_field("company_feeling", "How do you feel about the company?")
    fit_rating = scale_field("fit_rating", "Fit with your career goals")
    interest_rating = scale_field("interest_rating", "Overall interest in the job")
    growth = forms.ChoiceField(
        label="Could you see yourself growing there?",
        choices=Growth.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Pick yes, maybe or no."},
    )

    # Stored on the round (interviews.Interview.better_answer): the log form asks for it too.
    better_answer = forms.CharField(
        label="A question you'd like to answer better, in the words you'd send",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Written to the interviewer, not to yourself. A thank-you note adds it "
        "only when you tick “add a better answer” in its composer.",
    )

    class Meta:
        model = Evaluation
        fields = ANSWER_FIELDS
        labels = {
            "went_well": "What went well? The answers you liked",
            "wish_said": "What do you wish you had said?",
            "interviewer_reaction": "How did the interviewer react to your answers?",
            "confidence_why": "Why did you feel that way?",
            "struggled_questions": "Questions you struggled with",
        }
        help_texts = {
            "wish_said": "Private: it never goes into a draft.",
            "struggled_questions": "One question per line — they become your practice list.",
        }
        widgets = {
            "went_well": forms.Textarea(attrs={"rows": 3}),
            "wish_said": forms.Textarea(attrs={"rows": 3}),
            "interviewer_reaction": forms.Textarea(attrs={"rows": 3}),
            "confidence_why": forms.Textarea(attrs={"rows": 2}),
            "struggled_questions": forms.Textarea(
                attrs={
                    "rows": 4,
                    "placeholder": "Tell me about a time you disagreed with a manager.",
                }
            ),
        }

    def __init__(self, *args, finishing: bool = False, completed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.finishing = finishing
        for name in KEY_ANSWERS:
            self.fields[name].widget.attrs["data-key-answer"] = "true"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                "The conversation",
                "went_well",
                "wish_said",
                "better_answer",
                css_class="eval-section",
            ),
            Fieldset(
                "The interviewer",
                "interviewer_reaction",
                InlineRadios("reaction_rating"),
                css_class="eval-section",
            ),
            Fieldset(
                "You",
                InlineRadios("confidence"),
                "confidence_why",
                css_class="eval-section",
            ),
            Fieldset(
                "The company and the job",
                InlineRadios("company_feeling"),
                InlineRadios("growth"),
                InlineRadios("fit_rating"),
                InlineRadios("interest_rating"),
                css_class="eval-section",
            ),
            Fieldset("To practise", "struggled_questions", css_class="eval-section"),
            HTML(
                '<p class="small text-body-secondary border-top pt-3 mb-2">'
                + (
                    "Saving keeps the evaluation complete: every key answer stays required."
                    if completed
                    else "Save a draft at any time and come back to it. Finishing needs "
                    "the key answers: what went well and every rating."
                )
                + "</p>"
            ),
            # "Save draft" comes first: pressing Enter must never finish a half-done form.
            Div(
                *(
                    []
                    if completed
                    else [
                        StrictButton(
                            "Save draft",
                            type="submit",
                            name="save_draft",
                            value="1",
                            css_class="btn-outline-secondary",
                        )
                    ]
                ),
                StrictButton(
                    "Save changes" if completed else "Finish evaluation",
                    type="submit",
                    name="finish",
                    value="1",
                    css_class="btn-primary",
                ),
                css_class="d-flex flex-wrap gap-2",
            ),
        )

    def clean_struggled_questions(self):
        return "\n".join(split_questions(self.cleaned_data.get("struggled_questions", "")))

    def clean(self):
        cleaned = super().clean()
        if self.finishing:
            for name in missing_key_answers(cleaned):
                if name not in self.errors:
                    self.add_error(name, "Answer this to finish the evaluation.")
        return cleaned
