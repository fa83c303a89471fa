from django.urls import path

from config.placeholder import section_placeholder

app_name = "evaluations"
urlpatterns = [
    path("insights/", section_placeholder("Insights"), name="insights"),
    path("interview/<int:interview_pk>/", section_placeholder("Self-evaluation"), name="form"),
]
