from django.urls import path

from . import views

app_name = "reminders"
urlpatterns = [
    path("step/<str:token>/", views.step_action, name="step_action"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
