"""Temporary page for a section whose issue has not landed yet (removed as each lands)."""

from django.shortcuts import render


def section_placeholder(title: str):
    def view(request, *args, **kwargs):
        return render(request, "placeholder.html", {"title": title})

    return view
