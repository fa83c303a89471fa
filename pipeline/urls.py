from django.urls import path

from config.placeholder import section_placeholder

app_name = "pipeline"
urlpatterns = [
    path("", section_placeholder("Pipeline"), name="board"),
]
