"""Import a question bank file (Markdown, CSV or JSON); see docs/question-import.md."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from questionbank.duplicates import import_near_duplicates
from questionbank.importing import (
    FORMATS,
    MAX_FILE_BYTES,
    BankFile,
    BankFileError,
    format_for_path,
    parse,
)
from questionbank.services import questions_import


class Command(BaseCommand):
    help = (
        "Import questions from FILE (md, csv or json; guessed from the extension unless "
        "--format is given). Questions are matched by their key: CSV and JSON carry it in a "
        "'key' field; in Markdown it is the '{#key}' at the end of the question line, or, "
        "without one, the category slug + the slugified text + a short hash of the normalised "
        "text. Re-importing the same file changes nothing; changed questions get a new "
        "published revision. A malformed file, or one past the limits of "
        "docs/question-import.md, is reported as FILE:LINE: message and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path of the file to import")
        parser.add_argument("--format", choices=FORMATS, help="file format (default: extension)")
        parser.add_argument(
            "--dry-run", action="store_true", help="print what would change, write nothing"
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        fmt = options["format"] or format_for_path(path.name)
        if fmt is None:
            raise CommandError(f"{path}: unknown extension; pass --format md, csv or json")
        bank = _bank_file(path, fmt)  # the file's text is not held during the import
        report = questions_import(
            rows=bank.questions, categories=bank.categories, dry_run=options["dry_run"]
        )
        verbose = options["dry_run"] or options["verbosity"] > 1
        if verbose:
            for line in report.lines:
                if line.action == "unchanged" and options["verbosity"] < 2:
                    continue
                detail = f" ({', '.join(line.changed)})" if line.changed else ""
                self.stdout.write(f"{line.action:<9} {path}:{line.line} {line.key}{detail}")
            for name in report.categories_created:
                self.stdout.write(f"create    category {name}")
            for name in report.categories_updated:
                self.stdout.write(f"update    category {name}")
        created = {line.key for line in report.lines if line.action == "create"}
        for item in import_near_duplicates(
            rows=bank.questions, created_keys=created, dry_run=report.dry_run
        ):
            self.stdout.write(
                f"near-duplicate {path}:{item.line} {item.key} is {item.score:g}% like "
                f"{item.other_key}: {item.other_text[:80]}"
            )
        prefix = "Dry run, nothing written: would import" if report.dry_run else "Imported"
        self.stdout.write(
            f"{prefix} {path}: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged; categories: {len(report.categories_created)} "
            f"created, {len(report.categories_updated)} updated."
        )


def _bank_file(path: Path, fmt: str) -> BankFile:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CommandError(
                f"{path}:0: the file is larger than {MAX_FILE_BYTES // 2**20} MiB "
                f"({size:,} bytes); split it"
            )
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"{path}: cannot read: {error}") from None
    try:
        return parse(text, fmt=fmt)
    except BankFileError as error:
        raise CommandError(f"{path}:{error.line}: {error.message}") from None
