"""The health endpoint that load balancers and monitoring poll."""

import time

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 otherwise; never cached."""
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "erreur", "database": "injoignable"}, status=503)
    elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
    return JsonResponse({"status": "ok", "database": "ok", "database_ms": elapsed_ms})
