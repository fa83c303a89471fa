"""The owner-scoped queryset behind every model's default manager."""

from django.db import models

from core import versions


class OwnedQuerySet(models.QuerySet):
    """Every lookup by id in a view goes through `.owned_by(request.user)`.

    A model whose owner is reached through a parent sets `owner_path`
    (e.g. `"interview__owner"`) on its own subclass.

    Writes move the owners' data versions (`core.versions`), so cached pages follow them:
    `save()`/`delete()` (a queryset's too) through signals, `update()` and `bulk_create()`
    here (`bulk_update()` runs `update()`). A model no page shows sets
    `versioned = False`; fields no page shows (`unversioned_fields`) may be updated in bulk
    without moving anything.
    """

    owner_path = "owner"
    versioned = True
    unversioned_fields: frozenset[str] = frozenset()

    def owned_by(self, user):
        return self.filter(**{self.owner_path: user})

    def update(self, **kwargs):
        if not self.versioned or set(kwargs) <= self.unversioned_fields:
            return super().update(**kwargs)
        # Read before the write: the filter may no longer match the rows after it.
        owners = set(self.order_by().values_list(self.owner_path, flat=True).distinct())
        updated = super().update(**kwargs)
        if updated:
            versions.bump(owners)
        return updated

    update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        if self.versioned:
            versions.bump(versions.owner_id_of(obj, self.owner_path) for obj in created)
        return created

    bulk_create.alters_data = True
