"""The API's request body parsers."""

from __future__ import annotations

from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, answering a body nested deeper than Python's parser goes (say 100,000
    `[`) with a 400 like any other malformed body, where DRF's lets RecursionError through (a
    500). Every API view parses JSON with this one (settings.REST_FRAMEWORK and api.views.Api)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(
                "JSON parse error - the body nests arrays or objects too deeply."
            ) from None
