from django.core.management.base import BaseCommand

from hearth.organisation.services import services_register_load


class Command(BaseCommand):
    help = "Load the services register and its dated scope changes; safe to run again."

    def handle(self, *args, **options):
        result = services_register_load()
        self.stdout.write(
            f"Services register loaded: {result.services_created} services and "
            f"{result.changes_created} scope changes added."
        )
