from django.urls import path

from . import decision_views, views

app_name = "scorecards"

urlpatterns = [
    path("late/", views.late, name="late"),
    path("preferences/auto-advance/", views.auto_advance, name="auto_advance"),
    path("<int:interview_id>/", views.score, name="score"),
    path("<int:interview_id>/start/", views.start, name="start"),
    path(
        "<int:interview_id>/answers/<int:question_id>/",
        views.answer_save,
        name="answer_save",
    ),
    path("<int:interview_id>/overall/", views.overall_save, name="overall_save"),
    path("<int:interview_id>/submit/", views.submit, name="submit"),
    path("<int:interview_id>/progress/", views.progress, name="progress"),
    path("<int:interview_id>/summary/", views.summary, name="summary"),
    path("scorecards/<int:scorecard_id>/reopen/", views.reopen, name="reopen"),
    path("<int:interview_id>/decision/", decision_views.decision_record, name="decision"),
    path(
        "<int:interview_id>/close-feedback/",
        decision_views.feedback_close,
        name="feedback_close",
    ),
]
