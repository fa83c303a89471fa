from django.urls import path

from config.placeholder import section_placeholder

app_name = "references"
urlpatterns = [
    path("", section_placeholder("References"), name="list"),
    path("<int:pk>/", section_placeholder("Reference"), name="detail"),
    path("briefing/<int:step_pk>/", section_placeholder("Brief a reference"), name="briefing"),
]
