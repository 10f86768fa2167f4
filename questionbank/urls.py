from django.urls import path

from . import views

app_name = "questionbank"

urlpatterns = [
    path("", views.bank, name="bank"),
    path("questions/<int:pk>/", views.question_detail, name="question"),
]
