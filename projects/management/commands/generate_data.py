import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError

from projects.models import Project
from projects.synthetic import UNITS, generate
from supervision.synthetic import generate_orders


class Command(BaseCommand):
    help = (
        "Fill the database with synthetic data for benchmarks: about 40 units, N projects in the year's list "
        "(four batches, some also in the year before), K milestones each with dates around today so that every "
        "status occurs, and monthly progress reports for the elapsed months. The same seed gives the same data "
        "(on the same day). Rows are bulk-inserted: no history rows are written, the data is synthetic. "
        "Refuses to add to a database that already holds projects unless --append is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, required=True, help="number of projects to create")
        parser.add_argument("--milestones-per-project", type=int, default=10, help="milestones per project (10)")
        parser.add_argument("--seed", type=int, default=0, help="random seed (0)")
        parser.add_argument("--year", type=int, default=None, help="list year (this year)")
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None, help="date the data is built around")
        parser.add_argument("--append", action="store_true", help="add to a database that already holds projects")
        parser.add_argument("--orders", type=int, default=0, help="supervision orders on overdue milestones (0)")

    def handle(self, *args, **options):
        n, k = options["projects"], options["milestones_per_project"]
        if n < 1 or k < 0:
            raise CommandError("--projects must be at least 1 and --milestones-per-project at least 0")
        existing = Project.objects.count()
        if existing and not options["append"]:
            raise CommandError(
                f"The database already holds {existing} projects; generate_data fills an empty database. "
                "Use a fresh database, or pass --append to add synthetic projects to these."
            )
        started = time.perf_counter()
        counts = generate(n, k, seed=options["seed"], year=options["year"], today=options["today"])
        if options["orders"]:
            counts.update(generate_orders(options["orders"], seed=options["seed"], today=options["today"]))
        elapsed = time.perf_counter() - started
        summary = ", ".join(f"{v} {name.replace('_', ' ')}" for name, v in counts.items())
        self.stdout.write(f"generated {summary} ({len(UNITS)} units ensured) in {elapsed:.1f} s")
