from django.urls import path

from . import views

app_name = "followups"
urlpatterns = [
    path("<int:pk>/thank-you/", views.thank_you_composer, name="thank_you_composer"),
    path("<int:pk>/follow-up/", views.follow_up_composer, name="follow_up_composer"),
    path("<int:pk>/<str:action>/", views.step_action, name="step_action"),
]
