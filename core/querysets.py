"""The owner-scoped queryset behind every model's default manager."""

from django.db import models


class OwnedQuerySet(models.QuerySet):
    """Every lookup by id in a view goes through `.owned_by(request.user)`.

    A model whose owner is reached through a parent sets `owner_path`
    (e.g. `"interview__owner"`) on its own subclass.
    """

    owner_path = "owner"

    def owned_by(self, user):
        return self.filter(**{self.owner_path: user})
