from django.urls import path

from . import views

app_name = "references"
urlpatterns = [
    path("", views.reference_list, name="list"),
    path("new/", views.reference_create, name="create"),
    path("<int:pk>/", views.reference_detail, name="detail"),
    path("<int:pk>/edit/", views.reference_edit, name="edit"),
    path("<int:pk>/delete/", views.reference_delete, name="delete"),
    path("application/<int:application_pk>/attach/", views.attach, name="attach"),
    path("given/<int:pk>/detach/", views.detach, name="detach"),
    path("given/<int:pk>/contacted/", views.employer_contact, name="employer_contact"),
    # The briefing composer works on plan steps, so it is followups': its two URLs,
    # "given/<pk>/brief/" (brief_given) and "briefing/<step_pk>/" (briefing), are
    # followups.urls.briefing_urlpatterns, mounted in this namespace by config/urls.py.
]
