"""URLs of the portraits app; each group of views declares its own patterns."""

from portraits import network_urls, opendata_urls, pages_urls, recommendation_urls

app_name = "portraits"

urlpatterns = (
    pages_urls.urlpatterns
    + network_urls.urlpatterns
    + recommendation_urls.urlpatterns
    + opendata_urls.urlpatterns
)
