from django.urls import path

from . import views

# "" (application_list) is pipeline's view, mounted here by config/urls.py.
app_name = "interviews"
urlpatterns = [
    path("new/", views.application_create, name="application_create"),
    path("log/", views.log_interview, name="log_interview"),
    path("log/invite/", views.log_from_invite, name="log_from_invite"),
    path("<int:pk>/", views.application_detail, name="application_detail"),
    path("<int:pk>/edit/", views.application_update, name="application_update"),
    path("<int:pk>/delete/", views.application_delete, name="application_delete"),
    path("<int:pk>/status/", views.application_status, name="application_status"),
    path("<int:pk>/rounds/new/", views.interview_create, name="interview_create"),
    path("interviews/<int:pk>/", views.interview_detail, name="interview_detail"),
    path("interviews/<int:pk>/edit/", views.interview_update, name="interview_update"),
    path("interviews/<int:pk>/delete/", views.interview_delete, name="interview_delete"),
    path("interviews/<int:pk>/cancel/", views.interview_cancel, name="interview_cancel"),
]
