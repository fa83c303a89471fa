from django.urls import path

from . import views

app_name = "evaluations"
urlpatterns = [
    path("insights/", views.insights, name="insights"),
    path("interview/<int:interview_pk>/", views.evaluation_form, name="form"),
]
