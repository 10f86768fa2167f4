from django.urls import path

from . import change_views, views

app_name = "interviews"

urlpatterns = [
    path("preferences/", views.preferences, name="preferences"),
    path("positions/", views.positions, name="positions"),
    path("positions/new/", views.position_form, name="position_new"),
    path("positions/<int:pk>/edit/", views.position_form, name="position_edit"),
    path("candidates/", views.candidates, name="candidates"),
    path("candidates/new/", views.candidate_form, name="candidate_new"),
    path("candidates/<int:pk>/", views.candidate_detail, name="candidate"),
    path("candidates/<int:pk>/edit/", views.candidate_form, name="candidate_edit"),
    path("plans/", views.plans, name="plans"),
    path("plans/new/", views.plan_editor, name="plan_new"),
    path("plans/<int:pk>/", views.plan_editor, name="plan_edit"),
    path("plans/<int:pk>/duplicate/", views.plan_duplicate, name="plan_duplicate"),
    path("plans/<int:pk>/archive/", views.plan_archive, name="plan_archive"),
    path("plans/preview/", views.plan_preview, name="plan_preview"),
    path("plans/pins/", views.plan_pins, name="plan_pins"),
    path("questions/pick/", views.question_picker, name="question_picker"),
    path("interviews/new/", views.interview_new, name="interview_new"),
    path("interviews/mine/", views.my_interviews, name="my_interviews"),
    path("interviews/<int:pk>/", views.interview_detail, name="interview"),
    path("interviews/<int:pk>/status/", views.interview_status, name="interview_status"),
    path("interviews/<int:pk>/questions/", views.interview_questions, name="interview_questions"),
    path(
        "interviews/<int:pk>/questions/<int:item_pk>/swap/",
        views.interview_question_swap,
        name="interview_question_swap",
    ),
    path("interviews/<int:pk>/edit/", change_views.interview_edit, name="interview_edit"),
    path("interviews/<int:pk>/cancel/", change_views.interview_cancel, name="interview_cancel"),
    path("interviews/<int:pk>/invite.ics", views.interview_invite, name="interview_invite"),
]
