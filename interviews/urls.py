from django.urls import path

from . import change_views, hiring_views, interview_views, plan_views, views

app_name = "interviews"

urlpatterns = [
    path("preferences/", views.preferences, name="preferences"),
    path("positions/", hiring_views.positions, name="positions"),
    path("positions/new/", hiring_views.position_form, name="position_new"),
    path("positions/<int:pk>/edit/", hiring_views.position_form, name="position_edit"),
    path("candidates/", hiring_views.candidates, name="candidates"),
    path("candidates/new/", hiring_views.candidate_form, name="candidate_new"),
    path("candidates/<int:pk>/", hiring_views.candidate_detail, name="candidate"),
    path("candidates/<int:pk>/edit/", hiring_views.candidate_form, name="candidate_edit"),
    path("plans/", plan_views.plans, name="plans"),
    path("plans/new/", plan_views.plan_editor, name="plan_new"),
    path("plans/<int:pk>/", plan_views.plan_editor, name="plan_edit"),
    path("plans/<int:pk>/duplicate/", plan_views.plan_duplicate, name="plan_duplicate"),
    path("plans/<int:pk>/archive/", plan_views.plan_archive, name="plan_archive"),
    path("plans/preview/", plan_views.plan_preview, name="plan_preview"),
    path("plans/pins/", plan_views.plan_pins, name="plan_pins"),
    path("questions/pick/", plan_views.question_picker, name="question_picker"),
    path("interviews/new/", interview_views.interview_new, name="interview_new"),
    path("interviews/mine/", views.my_interviews, name="my_interviews"),
    path("interviews/<int:pk>/", interview_views.interview_detail, name="interview"),
    path("interviews/<int:pk>/status/", interview_views.interview_status, name="interview_status"),
    path(
        "interviews/<int:pk>/questions/",
        interview_views.interview_questions,
        name="interview_questions",
    ),
    path(
        "interviews/<int:pk>/questions/<int:item_pk>/swap/",
        interview_views.interview_question_swap,
        name="interview_question_swap",
    ),
    path("interviews/<int:pk>/edit/", change_views.interview_edit, name="interview_edit"),
    path("interviews/<int:pk>/cancel/", change_views.interview_cancel, name="interview_cancel"),
    path(
        "interviews/<int:pk>/invite.ics", interview_views.interview_invite, name="interview_invite"
    ),
]
