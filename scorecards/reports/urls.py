"""URLs of PDF reports, included under /reports/ by the site's URL map."""

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("request/<slug:subject>/<int:pk>/", views.request_report, name="request"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/status/", views.report_status, name="status"),
    path("<int:pk>/download/", views.report_download, name="download"),
    path("<int:pk>/retry/", views.retry, name="retry"),
]
