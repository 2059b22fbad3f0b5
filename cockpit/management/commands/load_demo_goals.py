from django.core.management.base import BaseCommand

from cockpit.demo import load_demo_goals


class Command(BaseCommand):
    help = "Load the seed report's 2025 goals (年度目标): 225 projects, 50 开工入统, 620 亿元 … (idempotent)."

    def handle(self, *args, **options):
        created = load_demo_goals()
        self.stdout.write(f"year goals created: {created}")
