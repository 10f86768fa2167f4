"""Export the whole question bank as Markdown, CSV or JSON (import gives it back unchanged)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from questionbank.importing import FORMATS, format_for_path
from questionbank.services import questions_export


class Command(BaseCommand):
    help = (
        "Export every question with its category, rubric, tags and key, to stdout or --output. "
        "The format is --format, else the output file's extension, else Markdown."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=FORMATS)
        parser.add_argument("--output", help="file to write (default: stdout)")

    def handle(self, *args, **options):
        output = options["output"]
        fmt = options["format"] or (output and format_for_path(output)) or "md"
        text = questions_export(fmt=fmt)
        if not output:
            self.stdout.write(text, ending="")
            return
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"{output}: cannot write: {error}") from None
        self.stderr.write(f"Wrote {output} ({fmt}).")
