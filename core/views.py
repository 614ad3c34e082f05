"""Error pages in the visitor's language, with the reason when we know it."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", {"message": _message(exception)}, status=404)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", {"message": _message(exception)}, status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", {"message": _message(exception)}, status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


def _message(exception: Exception | None) -> str:
    # Only messages we raise ourselves (translated strings) are shown to the user.
    message = getattr(exception, "user_message", None)
    if exception is not None and message:
        return str(message)
    return ""
