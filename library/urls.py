"""The library's own pages; the items themselves are Wagtail pages."""

app_name = "library"

urlpatterns: list = []
