from django.urls import path

from config.placeholder import section_placeholder

app_name = "interviews"
urlpatterns = [
    path("", section_placeholder("Applications"), name="application_list"),
    path("<int:pk>/", section_placeholder("Application"), name="application_detail"),
    path("interviews/<int:pk>/", section_placeholder("Interview"), name="interview_detail"),
    path("log/", section_placeholder("Log an interview"), name="log_interview"),
]
