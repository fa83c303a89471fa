"""Pipeline pages: board, applications list, calendar, export/import and account deletion.
Short views that call selectors and services; every object lookup goes through
`.owned_by(request.user)`."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import dates, pagecache
from core.redirects import next_url
from followups.selectors import application_next_steps
from interviews import selectors as application_selectors
from interviews.models import ApplicationStatus, Interview, JobApplication

from . import csvio, ical, presenters, rules, selectors, services
from .forms import (
    ApplicationListForm,
    DeleteAccountForm,
    ImportUploadForm,
    MappingForm,
    MoveForm,
    QuickAddForm,
)
from .models import ImportUpload

PREVIEW_ROWS = 50
ERRORS_SHOWN = 200


# --- Board ------------------------------------------------------------------------------


def _board_page(request, board, *, all_closed=False, **options) -> presenters.BoardPage:
    return presenters.BoardPage(
        columns=board.columns,
        all_closed=all_closed,
        now=timezone.now(),
        zone=timezone.get_current_timezone_name(),
        csrf_token=get_token(request),
        **options,
    )


def _columns_response(request, *, keys, oob=False, **options):
    """Some of the board's columns, freshly read: what an htmx request swaps in."""
    board = selectors.board(user=request.user, now=timezone.now())
    page = _board_page(request, board, only=tuple(keys), oob=oob, **options)
    return render(request, "pipeline/_board.jinja", {"page": page}, using="jinja2")


@require_GET
def board(request):
    def context() -> dict:
        all_closed = request.GET.get("closed") == "all"
        board = selectors.board(
            user=request.user,
            now=timezone.now(),
            all_closed=all_closed,
            show_all=request.GET.get("all", ""),
        )
        return {
            "page": _board_page(request, board, all_closed=all_closed),
            "columns": board.columns,
            "goal": board.goal,
            "total": board.total,
            "stale_days": rules.STALE_AFTER_DAYS,
            "no_response_days": rules.NO_RESPONSE_AFTER_DAYS,
        }

    # Served from the page cache while the user's data and the minute stay the same.
    parts = pagecache.parts(
        request, "board", {"body": "pipeline/_board_body.html"}, context, now=timezone.now()
    )
    return render(request, "pipeline/board.html", {"parts": parts})


@require_POST
def quick_add(request):
    form = QuickAddForm(request.POST)
    htmx = request.headers.get("HX-Request") == "true"
    if not form.is_valid():
        problem = " ".join(e for errors in form.errors.values() for e in errors)
        key = request.POST.get("status", "")
        if htmx and key in rules.OPEN_COLUMNS:
            return _columns_response(
                request, keys=[key], quick_add_open=key, quick_add_errors=problem
            )
        messages.error(request, f"Nothing added: {problem}")
        return redirect("pipeline:board")
    application = services.quick_add(user=request.user, **form.cleaned_data)
    if htmx:
        return _columns_response(request, keys=[form.cleaned_data["status"]])
    messages.success(request, f"Added {application}.")
    return redirect(f"{reverse('pipeline:board')}#app-{application.pk}")


@require_POST
def move(request, pk):
    application = get_object_or_404(JobApplication.objects.owned_by(request.user), pk=pk)
    form = MoveForm(request.POST)
    wants_json = "application/json" in request.headers.get("Accept", "")
    if not form.is_valid():
        if wants_json:
            return JsonResponse({"error": "Pick a status from the list."}, status=400)
        messages.error(request, "Pick a status from the list to move the application.")
        return redirect("pipeline:board")
    status = form.cleaned_data["status"]
    previous = application.status
    try:
        services.board_move(application=application, status=status)
    except ValidationError as error:
        # A move the status rules forbid (a drop on the wrong column, a forged POST).
        problem = " ".join(error.messages)
        if wants_json or request.headers.get("HX-Request") == "true":
            return JsonResponse({"error": problem}, status=400)
        messages.error(request, problem)
        return redirect(next_url(request, f"{reverse('pipeline:board')}#app-{application.pk}"))
    label = ApplicationStatus(status).label
    if status == ApplicationStatus.OFFER and previous != ApplicationStatus.OFFER:
        # The plan tells the other open processes before the offer's deadline, which only
        # the application page's status form asks for: the move leads there (issue 18.3).
        return _ask_offer_deadline(request, application, wants_json=wants_json, label=label)
    if request.headers.get("HX-Request") == "true":
        # A drag: the two columns it changed, swapped in place (out of band).
        keys = dict.fromkeys([rules.column_for_status(previous), rules.column_for_status(status)])
        response = _columns_response(request, keys=keys, oob=True)
        response["HX-Trigger"] = json.dumps(
            {"board-moved": {"message": f"{application.company_name} moved to {label}."}}
        )
        return response
    if wants_json:
        return JsonResponse(
            {"status": status, "label": label, "column": rules.column_for_status(status)}
        )
    messages.success(request, f"{application.company_name}: moved to “{label}”.")
    # The applications list's inline status change comes back to the list it was on.
    return redirect(next_url(request, f"{reverse('pipeline:board')}#app-{application.pk}"))


def _ask_offer_deadline(request, application, *, wants_json: bool, label: str):
    """After a move to "offer": on to the application's deadline field, whatever sent it."""
    target = f"{application.get_absolute_url()}#offer-deadline"
    messages.info(
        request,
        f"{application.company_name}: moved to “{label}”. When does the offer expire? "
        "Add its deadline and Afterview reminds you to tell your other open processes.",
    )
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(status=204)
        response["HX-Redirect"] = target
        return response
    if wants_json:
        column = rules.column_for_status(ApplicationStatus.OFFER)
        return JsonResponse(
            {"status": "offer", "label": label, "column": column, "redirect": target}
        )
    return redirect(target)


# --- Applications list ------------------------------------------------------------------

LIST_PAGE_SIZE = 25
# A search or filter counts its matches up to this many ("more than 1,000"), so a search over
# 10,000 applications costs what one over a few hundred does.
LIST_COUNT_LIMIT = 1000


@require_GET
def application_list(request):
    def context() -> dict:
        form = ApplicationListForm(request.GET or None)
        filters = form.filters()
        now = timezone.now()
        counts = application_selectors.status_counts(user=request.user)
        applications = selectors.application_list(user=request.user, filters=filters, now=now)
        paginator = Paginator(applications, LIST_PAGE_SIZE)
        if filters.narrowed:
            paginator.count = min(
                selectors.bounded_count(applications, limit=LIST_COUNT_LIMIT), LIST_COUNT_LIMIT
            )
            more_than_counted = paginator.count >= LIST_COUNT_LIMIT
        else:
            # The status counts already tell how many rows match: no second COUNT in SQL.
            paginator.count = application_selectors.matching_count(counts, status=filters.status)
            more_than_counted = False
        page = paginator.get_page(request.GET.get("page"))
        page_rows = list(page.object_list)
        next_steps = {
            step.application_id: step
            for step in application_next_steps(application.pk for application in page_rows)
        }
        rows = presenters.application_rows(
            page_rows, next_steps, now=now, zone=timezone.get_current_timezone_name()
        )
        query = request.GET.copy()
        query.pop("page", None)
        return {
            "form": form,
            "filters": filters,
            "page": page,
            "rows": rows,
            "list_page": presenters.ListPage(
                rows=rows,
                csrf_token=get_token(request),
                next_url=request.get_full_path(),
            ),
            "query_string": query.urlencode(),
            "sort_links": presenters.sort_links(query, current=filters.sort),
            "saved_views": presenters.saved_views(query),
            "more_than_counted": more_than_counted,
            "filtered": filters.narrowed or bool(filters.status),
            "total": sum(counts.values()),
            "open_count": application_selectors.matching_count(counts, status="open"),
        }

    # Served from the page cache while the user's data and the minute stay the same; the
    # query string (search, filters, sort, page) is part of the key.
    parts = pagecache.parts(
        request,
        "applications",
        {"body": "pipeline/_application_list_body.html"},
        context,
        now=timezone.now(),
    )
    return render(request, "pipeline/application_list.html", {"parts": parts})


# --- Calendar ---------------------------------------------------------------------------


@login_not_required
@require_GET
def calendar_feed(request, token):
    # The token is the only credential: 43 random URL-safe characters (256 bits).
    user = get_user_model().objects.filter(calendar_token=token, is_active=True).first()
    if user is None:
        raise Http404("No calendar here.")
    body = ical.feed(
        name=f"Afterview — {user.get_short_name()}",
        interviews=selectors.calendar_interviews(user=user),
        steps=selectors.calendar_steps(user=user),
        site_url=settings.SITE_URL,
        now=timezone.now(),
        todos=request.GET.get("todos") == "1",
        offers=selectors.calendar_offers(user=user),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="afterview.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_POST
def calendar_token_regenerate(request):
    services.calendar_token_regenerate(user=request.user)
    messages.success(
        request,
        "Your calendar link is new. Calendars subscribed to the old link stop updating: "
        "subscribe again with the new one.",
    )
    return redirect("profile")


@require_GET
def interview_ics(request, pk):
    interview = get_object_or_404(
        Interview.objects.owned_by(request.user).select_related("application"), pk=pk
    )
    body = ical.single_interview(
        interview=interview, site_url=settings.SITE_URL, now=timezone.now()
    )
    filename = slugify(f"interview {interview.application.company_name}") or "interview"
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.ics"'
    return response


# --- Export -----------------------------------------------------------------------------


@require_GET
@never_cache
def export_json(request):
    now = timezone.now()
    data = selectors.export_data(user=request.user, now=now)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="afterview-export-{timezone.localdate(now):%Y-%m-%d}.json"'
    )
    return response


@require_GET
@never_cache
def export_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="afterview-applications-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    # A byte-order mark makes Excel read the file as UTF-8; our import skips it.
    response.write("\ufeff")
    csvio.write_applications_csv(selectors.export_application_rows(user=request.user), response)
    return response


# --- Import -----------------------------------------------------------------------------


class _SizeLimitHandler(FileUploadHandler):
    """Stops reading an upload as soon as it passes the import limit (no 50 MB temp file)."""

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > csvio.MAX_IMPORT_BYTES:
            self.request.import_too_big = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


DISCARD_AT_MOST = 256 * 1024 * 1024


def _discard_body(request, declared: int) -> None:
    # A browser still sending its upload may miss an early answer (it sees a reset
    # connection instead of the message), so read and drop the body without storing it.
    if declared > DISCARD_AT_MOST:
        return
    while request.read(256 * 1024):
        pass


def _render_upload(request, form, *, error=None, status=200):
    context = {"form": form, "upload_error": error}
    return render(request, "pipeline/import_upload.html", context, status=status)


# CSRF is checked in `_import_upload_post` after the size checks: the CSRF middleware would
# otherwise read (and spool to disk) the whole body of an oversized upload first.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def import_upload(request):
    if request.method == "GET":
        return _render_upload(request, ImportUploadForm())
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    if declared > csvio.MAX_IMPORT_BYTES + 64 * 1024:
        _discard_body(request, declared)
        return _render_upload(
            request, ImportUploadForm(), error=csvio.too_big_message(declared), status=413
        )
    request.upload_handlers.insert(0, _SizeLimitHandler(request))
    return _import_upload_post(request)


@csrf_protect
def _import_upload_post(request):
    try:
        form = ImportUploadForm(request.POST, request.FILES)
        valid = form.is_valid()
    except RequestDataTooBig:
        return _render_upload(
            request, ImportUploadForm(), error=csvio.too_big_message(None), status=413
        )
    if getattr(request, "import_too_big", False):
        return _render_upload(
            request, ImportUploadForm(), error=csvio.too_big_message(None), status=413
        )
    if not valid:
        return _render_upload(request, form, status=400)
    upload_file = form.cleaned_data["file"]
    try:
        upload = services.import_upload_create(
            user=request.user, filename=upload_file.name, raw=upload_file.read()
        )
    except csvio.UploadError as exc:
        form.add_error("file", str(exc))
        return _render_upload(request, form, status=400)
    if csvio.headers_match_export(upload.headers):
        return redirect("pipeline:import_preview", pk=upload.pk)
    return redirect("pipeline:import_mapping", pk=upload.pk)


@require_http_methods(["GET", "POST"])
def import_mapping(request, pk):
    upload = get_object_or_404(ImportUpload.objects.owned_by(request.user), pk=pk)
    if upload.committed_at:  # imported already: its columns are settled
        return redirect("pipeline:import_preview", pk=upload.pk)
    if request.method == "POST":
        form = MappingForm(request.POST, headers=upload.headers)
        if form.is_valid():
            services.import_set_mapping(upload=upload, mapping=form.cleaned_data)
            return redirect("pipeline:import_preview", pk=upload.pk)
    else:
        form = MappingForm(initial=upload.mapping, headers=upload.headers)
    parsed = csvio.parse_csv(upload.content)
    return render(
        request,
        "pipeline/import_mapping.html",
        {"upload": upload, "form": form, "sample": parsed.rows[:3], "headers": parsed.headers},
    )


@require_GET
def import_preview(request, pk):
    upload = get_object_or_404(ImportUpload.objects.owned_by(request.user), pk=pk)
    if not all(upload.mapping.get(name) for name in csvio.REQUIRED):
        return redirect("pipeline:import_mapping", pk=upload.pk)
    # After a commit that skipped nothing the file is gone: the page only says what was done.
    results = services.import_validate(upload=upload) if upload.content else []
    return render(request, "pipeline/import_preview.html", _preview_context(upload, results))


def _preview_context(upload, results):
    bad = [r for r in results if not r.ok]
    mapped = [c for c in csvio.IMPORTABLE if upload.mapping.get(c.name)]
    return {
        "upload": upload,
        "total": len(results),
        "bad_count": len(bad),
        "good_count": len(results) - len(bad),
        "errors": bad[:ERRORS_SHOWN],
        "errors_hidden": max(len(bad) - ERRORS_SHOWN, 0),
        "preview": results[:PREVIEW_ROWS],
        "columns": mapped,
        "status_labels": dict(ApplicationStatus.choices),
        "day_first": dates.day_first_for(upload.owner.date_order, upload.owner.time_zone),
    }


@require_POST
def import_commit(request, pk):
    upload = get_object_or_404(ImportUpload.objects.owned_by(request.user), pk=pk)
    skip_invalid = request.POST.get("rows") == "valid"
    try:
        outcome = services.import_commit(upload=upload, skip_invalid=skip_invalid)
    except services.ImportAlreadyCommitted as done:
        # A double-click or a second tab: say what the first commit did, add nothing.
        messages.info(request, _already_imported_message(done.upload))
        return redirect("pipeline:board")
    except services.ImportRejected as rejected:
        messages.error(request, "Nothing was imported: fix the rows listed below first.")
        context = _preview_context(upload, rejected.results)
        return render(request, "pipeline/import_preview.html", context, status=400)
    count = outcome.imported
    text = f"Imported {count:,} application{'s' if count != 1 else ''} from your file."
    if outcome.skipped:
        text += (
            f" {outcome.skipped:,} row{'s were' if outcome.skipped != 1 else ' was'} skipped:"
            " download them from the import page to fix and upload again."
        )
    messages.success(request, text)
    return redirect("pipeline:board")


def _already_imported_message(upload) -> str:
    imported = upload.imported_count
    when = timezone.localtime(upload.committed_at)
    return (
        f"This file was already imported at {when:%H:%M} on {when:%d %b %Y}: "
        f"{imported:,} application{'s' if imported != 1 else ''} added"
        + (f", {upload.skipped_count:,} skipped" if upload.skipped_count else "")
        + ". Nothing was added twice."
    )


@require_GET
@never_cache
def import_skipped_csv(request, pk):
    upload = get_object_or_404(
        ImportUpload.objects.owned_by(request.user).exclude(content=""), pk=pk
    )
    results = services.import_validate(upload=upload, now=upload.committed_at)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stem = slugify(upload.filename.rsplit(".", 1)[0]) or "import"
    response["Content-Disposition"] = f'attachment; filename="{stem}-skipped-rows.csv"'
    response.write("\ufeff")
    csvio.skipped_rows_csv(csvio.parse_csv(upload.content), results, response)
    return response


# --- Account deletion -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def account_delete(request):
    user = request.user
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        services.account_delete(user=user)
        logout(request)
        messages.success(request, "Your account and all of your data are deleted. Good luck!")
        return redirect("landing")
    return render(
        request,
        "pipeline/account_delete.html",
        {"form": form, "counts": selectors.owned_counts(user=user)},
        status=400 if form.is_bound else 200,
    )
