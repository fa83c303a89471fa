"""Base pieces every app may import: no models, no imports of the project's apps.

`core` sits below every app in the layers (docs/ARCHITECTURE.md); it holds what several apps
share and none of them owns: the owner-scoped queryset and choices used across apps.
"""
