from django.apps import AppConfig, apps
from django.contrib.auth import get_user_model
from django.db.models import Model, QuerySet
from django.db.models.signals import post_delete, post_save

from core import versions
from core.querysets import OwnedQuerySet


def _owned_row_written(sender, instance, **kwargs):
    queryset = sender._default_manager.get_queryset()
    versions.bump([versions.owner_id_of(instance, queryset.owner_path)])


def _owned_row_deleted(sender, instance, origin=None, **kwargs):
    # A row deleted along with what it belongs to (an application's rounds, an account's
    # everything): the deletion's origin moves the owner's version, once, not every row.
    if isinstance(origin, Model) and origin is not instance:
        return
    if isinstance(origin, QuerySet) and origin.model is not sender:
        return
    _owned_row_written(sender, instance)


def _user_written(sender, instance, **kwargs):
    versions.bump([instance.pk])


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from core import checks  # noqa: F401 (registers the deployment checks)

        # Every write to a user's rows moves their data version (core/versions.py). Connected
        # per model, only to versioned ones, so the others keep Django's fast bulk deletes.
        for model in apps.get_models():
            queryset = model._default_manager.get_queryset()
            if isinstance(queryset, OwnedQuerySet) and queryset.versioned:
                post_save.connect(_owned_row_written, sender=model, weak=False)
                post_delete.connect(_owned_row_deleted, sender=model, weak=False)
        user_model = get_user_model()
        post_save.connect(_user_written, sender=user_model, weak=False)
        post_delete.connect(_user_written, sender=user_model, weak=False)
