from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from interviews.models import Interview

from . import selectors, services
from .forms import EvaluationForm
from .rules import MIN_CHART_POINTS, ROLLING_WINDOW, line_chart


def evaluation_form(request, interview_pk):
    interview = get_object_or_404(
        Interview.objects.owned_by(request.user).select_related("application"), pk=interview_pk
    )
    evaluation = selectors.evaluation_for(interview=interview, user=request.user)
    completed = evaluation is not None and not evaluation.is_draft
    # A finished evaluation stays finished: any save of it must keep the key answers.
    finishing = request.method == "POST" and ("finish" in request.POST or completed)
    form = EvaluationForm(
        request.POST or None,
        instance=evaluation,
        initial={"better_answer": interview.better_answer},
        finishing=finishing,
        completed=completed,
    )
    if request.method == "POST" and form.is_valid():
        try:
            if finishing:
                services.evaluation_finish(interview=interview, answers=form.cleaned_data)
            else:
                services.evaluation_save_draft(interview=interview, answers=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if finishing:
                messages.success(
                    request, "Your self-evaluation is saved. Well done for looking back."
                )
                return redirect(interview)
            messages.info(request, "Draft saved. Come back to finish it while memory is fresh.")
            return redirect("evaluations:form", interview_pk=interview.pk)
    return render(
        request,
        "evaluations/form.html",
        {
            "interview": interview,
            "application": interview.application,
            "evaluation": evaluation,
            "form": form,
            "completed": completed,
        },
        status=400 if form.errors else 200,
    )


def insights(request):
    data = selectors.insights_for(user=request.user)
    charted = len(data.trend) >= MIN_CHART_POINTS
    return render(
        request,
        "evaluations/insights.html",
        {
            "insights": data,
            "min_chart_points": MIN_CHART_POINTS,
            "rolling_window": ROLLING_WINDOW,
            # One geometry per screen size, so that labels stay readable on a phone.
            "chart": line_chart(data.trend) if charted else None,
            "phone_chart": line_chart(data.trend, width=360, height=280, max_x_labels=4)
            if charted
            else None,
            "funnel": selectors.funnel_for(user=request.user),
            "keeping_word": selectors.keeping_word_for(user=request.user),
        },
    )
