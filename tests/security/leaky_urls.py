"""A deliberately careless view (no owner filter), to prove the ownership check catches it."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path

from interviews.models import JobApplication


def leaky_application(request, pk):
    application = get_object_or_404(JobApplication, pk=pk)  # the bug: anyone's application
    if request.method == "POST":
        application.notes = request.POST.get("notes", "")
        application.save()
    return HttpResponse(application.company_name)


urlpatterns = [path("leaky/<int:pk>/", leaky_application, name="leaky")]
