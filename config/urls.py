from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import include, path

from followups.views import today


@login_not_required
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("", include("accounts.urls")),
    path("today/", today, name="today"),
    path("steps/", include("followups.urls")),
    path("applications/", include("interviews.urls")),
    path("references/", include("references.urls")),
    path("evaluations/", include("evaluations.urls")),
    path("reminders/", include("reminders.urls")),
    path("pipeline/", include("pipeline.urls")),
    path("dev/mailbox/", include("devmail.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]
