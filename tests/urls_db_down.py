from django.db import OperationalError
from django.urls import path


def broken(request):
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


urlpatterns = [path("page/", broken), path("api/v1/thing/", broken)]
