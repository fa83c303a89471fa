from django.contrib import admin

from .models import Evaluation


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = [
        "interview",
        "owner",
        "confidence",
        "reaction_rating",
        "fit_rating",
        "interest_rating",
        "growth",
        "completed_at",
    ]
    list_filter = ["growth", ("completed_at", admin.EmptyFieldListFilter)]
    search_fields = ["owner__email", "interview__application__company_name"]
    raw_id_fields = ["owner", "interview"]
    readonly_fields = ["created_at", "updated_at"]
