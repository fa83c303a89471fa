from django.contrib import admin

from .models import Interview, Interviewer, JobApplication, StatusChange


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    fields = ("changed_at", "from_status", "to_status", "note")


class InterviewerInline(admin.TabularInline):
    model = Interviewer
    extra = 0
    fields = ("order", "name", "title", "email", "notes")


@admin.register(JobApplication)
class JobApplicationAdmin(admin.ModelAdmin):
    list_display = (
        "role_title",
        "company_name",
        "owner",
        "status",
        "date_applied",
        "last_activity_at",
    )
    list_filter = ("status", "work_mode", "source", "date_applied")
    search_fields = ("company_name", "role_title", "owner__email")
    list_select_related = ("owner",)
    raw_id_fields = ("owner",)
    date_hierarchy = "date_applied"
    readonly_fields = ("created_at", "updated_at")
    inlines = [StatusChangeInline]


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ("__str__", "owner", "round_label", "format", "starts_at", "next_steps")
    list_filter = ("round_label", "format", "next_steps", "starts_at")
    search_fields = (
        "application__company_name",
        "application__role_title",
        "owner__email",
        "interviewers__name",
    )
    list_select_related = ("application", "owner")
    raw_id_fields = ("owner", "application")
    date_hierarchy = "starts_at"
    readonly_fields = ("created_at", "updated_at")
    inlines = [InterviewerInline]


@admin.register(Interviewer)
class InterviewerAdmin(admin.ModelAdmin):
    list_display = ("name", "title", "email", "interview")
    search_fields = ("name", "title", "email", "interview__application__company_name")
    list_filter = ("interview__round_label",)
    list_select_related = ("interview__application",)
    raw_id_fields = ("interview",)


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ("application", "from_status", "to_status", "changed_at")
    list_filter = ("to_status", "from_status", "changed_at")
    search_fields = ("application__company_name", "application__role_title", "note")
    list_select_related = ("application",)
    raw_id_fields = ("application",)
    date_hierarchy = "changed_at"
