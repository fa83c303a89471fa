from django.contrib import admin

from .models import FollowUpStep


@admin.register(FollowUpStep)
class FollowUpStepAdmin(admin.ModelAdmin):
    list_display = ("__str__", "owner", "application", "status", "opens_at", "due_at")
    list_filter = ("kind", "status")
    search_fields = ("key", "owner__email", "application__company_name")
    raw_id_fields = ("owner", "application", "interview", "interviewer", "reference")
    readonly_fields = ("key", "created_at", "updated_at")
    date_hierarchy = "due_at"
