"""The pages of the shared building blocks: a job's page."""

from django.urls import path

from core import views_jobs

app_name = "core"

urlpatterns = [
    path("taches/<id:pk>/", views_jobs.job_page, name="job"),
]
