from django.core.management.base import BaseCommand

from hearth.demo.staff import DEMO_PASSWORD, demo_sign_ins


class Command(BaseCommand):
    help = "Print the demo authority's sign-ins, one per role."

    def handle(self, *args, **options):
        rows = demo_sign_ins()
        if not rows:
            self.stdout.write("No demo sign-ins: run generate_demo_authority first.")
            return
        width = max(len(row.role_label) for row in rows)
        self.stdout.write(f"\nDemo sign-ins (password for all: {DEMO_PASSWORD})")
        for row in rows:
            self.stdout.write(f"  {row.role_label.ljust(width)}  {row.username:<14} {row.full_name}")
        self.stdout.write("")
