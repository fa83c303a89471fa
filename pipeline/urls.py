from django.urls import path

from config.placeholder import section_placeholder

app_name = "pipeline"
urlpatterns = [
    path("", section_placeholder("Pipeline"), name="board"),
    path("interviews/<int:pk>.ics", section_placeholder("Calendar file"), name="interview_ics"),
]
