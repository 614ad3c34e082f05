"""Errors that carry a message meant for the visitor."""

from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404


class NotFound(Http404):
    """A 404 whose message (translated) is shown on the error page."""

    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message


class InvalidRequest(BadRequest):
    """A 400 whose message (translated) is shown on the error page."""

    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message


class Forbidden(PermissionDenied):
    """A 403 whose message (translated) is shown on the error page."""

    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message
