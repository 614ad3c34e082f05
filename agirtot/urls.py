"""Root URL configuration: the top floor, which wires every app together."""

import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps_views
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts.views_privacy import privacy_notice
from agirtot import views
from core.health import health
from core.media import serve_media
from library.sitemaps import SITEMAPS

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"

urlpatterns = [
    path("sante/", health, name="health"),
    path("robots.txt", views.robots_txt, name="robots"),
    # One sitemap for both languages: an index, then one file per section and page.
    path(
        "sitemap.xml",
        sitemaps_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemaps_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Both admins sign in through the site's login, which asks for the second factor
    # when the person has turned it on; their own password-only forms are never shown.
    path("django-admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/", include("api.urls")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("confidentialite/", privacy_notice, name="privacy"),
    path("comptes/", include("accounts.urls")),
    path("comptes/", include("allauth.urls")),
    path("", include("partners.urls")),
    path("", include("plans.urls")),
    path("", include("search.urls")),
    path("", include("core.urls")),
    path("", include("library.urls")),
    path("", include("portraits.urls")),
    # Wagtail serves the library's pages in both languages (/bibliotheque/…, /en/bibliotheque/…).
    # Only that part of the tree is routed to it, so that an address of another section
    # never reads as a page path (which would break the language switch's translate_url).
    re_path(r"^(bibliotheque/(?:[\w\-]+/)*)$", wagtail_views.serve, name="wagtail_serve"),
    prefix_default_language=False,
)

# Stored files go through the site's own view in every setting (core/media.py): documents
# as downloads behind their privacy rules, images inline, nothing else. A MEDIA_URL on
# another host (a storage's own address) is served there, not here.
if settings.MEDIA_URL.startswith("/") and not settings.MEDIA_URL.startswith("//"):
    urlpatterns.append(
        re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.+)$", serve_media, name="media")
    )
