from django.urls import path

from . import views

app_name = "interviews"

urlpatterns = [
    path("preferences/", views.preferences, name="preferences"),
]
