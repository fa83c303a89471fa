from django.urls import path

from . import briefing_views, offer_views, reply_views, views

app_name = "followups"
urlpatterns = [
    path("<int:pk>/thank-you/", views.thank_you_composer, name="thank_you_composer"),
    path("<int:pk>/follow-up/", views.follow_up_composer, name="follow_up_composer"),
    path("<int:pk>/replied/", reply_views.they_replied, name="they_replied"),
    path("<int:pk>/offer/", offer_views.offer_step, name="offer_step"),
    path("applications/<int:pk>/reply/<str:kind>/", views.reply_composer, name="reply_composer"),
    path("<int:pk>/<str:action>/", views.step_action, name="step_action"),
]

# Mounted under /references/ in the "references" namespace (config/urls.py): the paths and
# names reminder emails and the reference pages have always used.
briefing_urlpatterns = [
    path("given/<int:pk>/brief/", briefing_views.briefing_for_given, name="brief_given"),
    path("briefing/<int:step_pk>/", briefing_views.briefing, name="briefing"),
]
