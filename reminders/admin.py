from django.contrib import admin

from .models import DeliveryStatus, ReminderAttempt, ReminderDelivery


class ReminderAttemptInline(admin.TabularInline):
    model = ReminderAttempt
    fields = ("at", "outcome", "smtp_code", "smtp_message", "duration_ms")
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ("-at", "-pk")

    def has_add_permission(self, request, obj=None):
        return False


class NeedsAttention(admin.SimpleListFilter):
    """Failures, unknown outcomes and give-ups: what an operator looks at first."""

    title = "needs attention"
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return [("yes", "Failed, unknown or given up")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(
                status__in=[DeliveryStatus.FAILED, DeliveryStatus.UNKNOWN, DeliveryStatus.EXPIRED]
            )
        return queryset


@admin.register(ReminderDelivery)
class ReminderDeliveryAdmin(admin.ModelAdmin):
    """Read-only view of what was sent, when, and why an attempt failed or was given up."""

    list_display = (
        "owner",
        "kind",
        "step",
        "period",
        "status",
        "attempts",
        "sent_at",
        "last_error",
        "gave_up_reason",
    )
    list_filter = (NeedsAttention, "status", "kind")
    search_fields = ("owner__email", "message_id", "last_error", "gave_up_reason")
    list_select_related = ("owner", "step")
    readonly_fields = [field.name for field in ReminderDelivery._meta.fields]
    inlines = [ReminderAttemptInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReminderAttempt)
class ReminderAttemptAdmin(admin.ModelAdmin):
    """Every try at sending a reminder, with the server's answer."""

    list_display = ("at", "delivery", "outcome", "smtp_code", "smtp_message", "duration_ms")
    list_filter = ("outcome",)
    search_fields = ("delivery__owner__email", "smtp_message")
    list_select_related = ("delivery", "delivery__owner")
    readonly_fields = [field.name for field in ReminderAttempt._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
