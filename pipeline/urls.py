from django.urls import path

from . import views

app_name = "pipeline"
urlpatterns = [
    path("", views.board, name="board"),
    path("applications/<int:pk>/move/", views.move, name="move"),
    path("applications/quick-add/", views.quick_add, name="quick_add"),
    path("interviews/<int:pk>.ics", views.interview_ics, name="interview_ics"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("calendar/new-link/", views.calendar_token_regenerate, name="calendar_token_regenerate"),
    path("export/afterview.json", views.export_json, name="export_json"),
    path("export/applications.csv", views.export_csv, name="export_csv"),
    path("import/", views.import_upload, name="import_upload"),
    path("import/<int:pk>/columns/", views.import_mapping, name="import_mapping"),
    path("import/<int:pk>/preview/", views.import_preview, name="import_preview"),
    path("import/<int:pk>/commit/", views.import_commit, name="import_commit"),
    path("import/<int:pk>/skipped.csv", views.import_skipped_csv, name="import_skipped_csv"),
    path("account/delete/", views.account_delete, name="account_delete"),
]
