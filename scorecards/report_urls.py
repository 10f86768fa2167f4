"""URLs of PDF reports, included under /reports/ by the site's URL map."""

from django.urls import path

from . import report_views

app_name = "reports"

urlpatterns = [
    path("request/<slug:subject>/<int:pk>/", report_views.request_report, name="request"),
    path("<int:pk>/", report_views.report_detail, name="detail"),
    path("<int:pk>/status/", report_views.report_status, name="status"),
    path("<int:pk>/download/", report_views.report_download, name="download"),
    path("<int:pk>/retry/", report_views.retry, name="retry"),
]
