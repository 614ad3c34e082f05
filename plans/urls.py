"""URLs of the plans app; each group of views declares its own patterns."""

from plans.views import editing_urls, importing_urls, pages_urls

app_name = "plans"

urlpatterns = pages_urls.urlpatterns + editing_urls.urlpatterns + importing_urls.urlpatterns
