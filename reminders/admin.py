from django.contrib import admin

from .models import ReminderDelivery


@admin.register(ReminderDelivery)
class ReminderDeliveryAdmin(admin.ModelAdmin):
    """Read-only view of what was sent, when, and why an attempt failed."""

    list_display = ("owner", "kind", "step", "period", "status", "attempts", "sent_at")
    list_filter = ("status", "kind")
    search_fields = ("owner__email", "message_id", "last_error")
    list_select_related = ("owner", "step")
    readonly_fields = [field.name for field in ReminderDelivery._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
