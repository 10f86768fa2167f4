from django.urls import path

from . import views

app_name = "analytics"

urlpatterns = [
    path("calibration/", views.calibration_list, name="calibration"),
    path("calibration/<int:user_id>/", views.calibration_detail, name="calibration_detail"),
    path("questions/<int:pk>/", views.question_detail, name="question"),
    path(
        "interviews/<int:interview_id>/agreement/",
        views.interview_agreement,
        name="interview_agreement",
    ),
]
