"""URL converters shared by the blueprints."""

from werkzeug.routing import BaseConverter


class SlugConverter(BaseConverter):
    """Only slug-shaped path segments reach a view; anything else is a plain 404."""

    regex = r"[a-z0-9][a-z0-9-]{0,119}"
