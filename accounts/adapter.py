"""allauth's account adapter, with the project's rule for who the client is."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest

from core.http import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request: HttpRequest) -> str:
        """The login limits, the sessions list and the security e-mails see the client as
        every other limit does (``core.http.client_ip``): a request that did not come through
        every trusted proxy is known by its own address, where allauth would fail with a
        server error."""
        return client_ip(request)
