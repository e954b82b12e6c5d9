"""WSGI entry point for production servers (gunicorn config.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

from hearth.heap import settle

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
settle()
