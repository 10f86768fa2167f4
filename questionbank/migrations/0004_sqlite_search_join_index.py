"""SQLite only: an index on the question id as text, the key Wagtail's search index joins on.

questionbank.search_backend joins each question to its search-index entry, whose object_id is
text; without this index SQLite scans every question for every hit (10 s over 10,000). The
expression is the one Django writes for that join. Nothing to do on other databases.
"""

from django.db import migrations

INDEX = "questionbank_question_id_as_text"


def index_create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{INDEX}" '
            'ON "questionbank_question" (CAST("id" AS varchar(50)))'
        )


def index_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')


class Migration(migrations.Migration):
    dependencies = [("questionbank", "0003_single_line_names")]

    operations = [migrations.RunPython(index_create, index_drop, elidable=False)]
