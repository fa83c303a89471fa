from django.conf import settings
from django.db import models

from core.querysets import OwnedQuerySet


class ImportUpload(models.Model):
    """A CSV file between upload and commit, kept in the database under its owner.

    The file never touches a shared folder: between the mapping, preview and commit steps it
    lives here, readable only through `.owned_by(user)`, and is deleted on the next upload,
    after a day, or with the account. A commit claims it (`committed_at`, set by a
    conditional update) so that a double-click or a second tab imports nothing twice; the
    row stays to say what the import did and to serve the skipped rows as CSV.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_uploads"
    )
    filename = models.CharField(max_length=255)
    content = models.TextField()
    headers = models.JSONField(default=list)
    # Column name → file header, chosen on the mapping step (empty until then).
    mapping = models.JSONField(default=dict, blank=True)
    row_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    committed_at = models.DateTimeField(null=True, blank=True)
    imported_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename
