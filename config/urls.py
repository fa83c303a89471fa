from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import include, path

from accounts.views import too_many_requests
from followups.urls import briefing_urlpatterns
from followups.views import today
from interviews.urls import urlpatterns as interviews_urlpatterns
from pipeline.views import application_list
from references.urls import urlpatterns as references_urlpatterns


@login_not_required
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


# The admin signs in through allauth's log-in: the same rate limits and second factor.
admin.site.login = secure_admin_login(admin.site.login)
# What allauth answers when a rate limit is reached (sign-up, reset, resends): a 429 page.
handler429 = too_many_requests

urlpatterns = [
    path("", include("accounts.urls")),
    path("today/", today, name="today"),
    path("steps/", include("followups.urls")),
    # The applications list is pipeline's (its rows show the plan's next steps), under the
    # interviews URL names and paths.
    path(
        "applications/",
        include(
            (
                [path("", application_list, name="application_list"), *interviews_urlpatterns],
                "interviews",
            )
        ),
    ),
    # The briefing composer is followups' but keeps its /references/ URLs and names.
    path(
        "references/",
        include(([*references_urlpatterns, *briefing_urlpatterns], "references")),
    ),
    path("evaluations/", include("evaluations.urls")),
    path("reminders/", include("reminders.urls")),
    path("pipeline/", include("pipeline.urls")),
    path("dev/mailbox/", include("devmail.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]
