"""Create one demo account per role, demo hiring data, a scored interview
and a decision (DEBUG only).

It lives in scorecards, the top of the app stack, because it seeds all three apps.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from interviews.demo import DEMO_PASSWORD, demo_accounts_create, demo_hiring_data_create
from questionbank.models import Question
from scorecards.demo import demo_decision_create, demo_scored_interview_create
from scorecards.demo_history import demo_history_create


class Command(BaseCommand):
    help = "Create demo accounts for every role, with a known password. Refuses unless DEBUG."

    def add_arguments(self, parser):
        parser.add_argument(
            "--history",
            type=int,
            default=0,
            metavar="N",
            help="Also create N past interviews with varied ratings (for the analytics pages).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo creates accounts with a published password: DEBUG only.")
        if not 0 <= options["history"] <= 5000:
            raise CommandError("--history takes a number of interviews from 0 to 5000.")
        rows = demo_accounts_create()
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for email, roles in rows:
            self.stdout.write(f"  {email:<24} {roles}")
        if not Question.objects.live().exists():
            self.stdout.write("No published question in the bank yet: skipped demo interviews.")
            return
        for line in demo_hiring_data_create():
            self.stdout.write(f"  {line}")
        self.stdout.write(f"  {demo_scored_interview_create()}")
        self.stdout.write(f"  {demo_decision_create()}")
        if options["history"]:
            self.stdout.write(f"  {demo_history_create(count=options['history'])}")
