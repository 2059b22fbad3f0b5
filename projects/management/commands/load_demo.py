from django.core.management.base import BaseCommand

from projects.demo import load_demo
from supervision.demo import load_demo_orders


class Command(BaseCommand):
    help = "Load the demo units and projects (milestone dates relative to today); safe to run again."

    def handle(self, *args, **options):
        units, projects = load_demo()
        self.stdout.write(f"demo data: {units} units and {projects} projects created")
        self.stdout.write(f"demo supervision orders: {load_demo_orders()} created")
