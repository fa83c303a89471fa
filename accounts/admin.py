from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import PLAN_DEFAULT_FIELDS, REMINDER_SETTING_FIELDS, User


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
        ("Plan defaults", {"fields": list(PLAN_DEFAULT_FIELDS)}),
        ("Reminders", {"fields": list(REMINDER_SETTING_FIELDS)}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
