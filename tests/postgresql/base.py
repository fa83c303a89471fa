"""Django's PostgreSQL backend, emptying the tables after a transactional test with DELETE.

A test that commits (a live server, a real Celery worker, two connections) is followed by a
flush of every table. Django writes it as one TRUNCATE, which on PostgreSQL makes a new file
for each table and index and syncs them: about 450 ms a test here. The tables a test leaves
hold a few rows, and DELETE empties them in under 10 ms (the foreign keys are deferred until
the flush's own commit). The content types and permissions stay: Django's post_migrate
signal, which runs after every flush, would only write the same rows again.

Only the test settings use this backend; everything else about it is Django's, against the
real server.
"""

from django.db.backends.postgresql import base, operations

# Rebuilt as they were by the post_migrate signal after every flush: kept, that signal then
# finds every row in place instead of writing a few hundred again.
KEPT = frozenset({"django_content_type", "auth_permission"})


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if not tables or reset_sequences or allow_cascade:
            return super().sql_flush(
                style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        delete = f"{style.SQL_KEYWORD('DELETE')} {style.SQL_KEYWORD('FROM')}"
        return [
            "SET CONSTRAINTS ALL DEFERRED;",
            *(
                f"{delete} {style.SQL_FIELD(self.quote_name(table))};"
                for table in tables
                if table not in KEPT
            ),
        ]


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
