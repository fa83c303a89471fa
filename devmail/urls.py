from django.urls import path

from . import views

app_name = "devmail"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<str:name>/", views.message, name="message"),
    path("<str:name>/html/", views.message_html, name="message_html"),
]
