from django.contrib import admin

from .models import ApplicationReference, Briefing, Reference


class ApplicationReferenceInline(admin.TabularInline):
    model = ApplicationReference
    extra = 0
    raw_id_fields = ["application"]
    fields = ["application", "given_on", "briefed_at", "employer_contacted_on"]


@admin.register(Reference)
class ReferenceAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "relationship", "company", "agreed", "updated_at"]
    list_filter = ["relationship", "agreed", "preferred_contact"]
    search_fields = ["name", "company", "email", "owner__email"]
    raw_id_fields = ["owner"]
    inlines = [ApplicationReferenceInline]


class BriefingInline(admin.TabularInline):
    model = Briefing
    extra = 0


@admin.register(ApplicationReference)
class ApplicationReferenceAdmin(admin.ModelAdmin):
    list_display = ["reference", "application", "given_on", "briefed_at", "employer_contacted_on"]
    list_filter = ["given_on"]
    search_fields = ["reference__name", "application__company_name", "reference__owner__email"]
    raw_id_fields = ["reference", "application"]
    date_hierarchy = "given_on"
    inlines = [BriefingInline]
