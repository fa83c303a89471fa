from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = [
        "email",
        "full_name",
        "time_zone",
        "reminders_paused",
        "is_staff",
        "date_joined",
    ]
    list_filter = ["is_staff", "is_active", "reminders_paused", "time_zone"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Profile", {"fields": ["full_name", "time_zone"]}),
        (
            "Plan defaults",
            {
                "fields": [
                    "thank_you_within_hours",
                    "self_evaluation_within_hours",
                    "follow_up_after_days",
                    "max_follow_ups",
                    "follow_up_spacing_days",
                    "weekly_application_target",
                ]
            },
        ),
        (
            "Reminders",
            {
                "fields": [
                    "reminders_paused",
                    "remind_thank_you",
                    "remind_follow_up",
                    "remind_references",
                    "remind_evaluation",
                    "remind_weekly_digest",
                    "digest_weekday",
                    "quiet_hours_start",
                    "quiet_hours_end",
                ]
            },
        ),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
