from django.core.management.base import BaseCommand

from indicators.demo import load_demo_indicators


class Command(BaseCommand):
    help = "Load the demo indicators of the seed report with targets and demo values; safe to run again."

    def handle(self, *args, **options):
        indicators, targets, values = load_demo_indicators()
        self.stdout.write(f"demo indicators: {indicators} indicators, {targets} targets, {values} values created")
