from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from newsannot.lib.ids import PathId

# Every id in a path is `<id:...>`: a number past the database's range matches no route (404)
# instead of reaching a query that overflows (newsannot/lib/ids.py).
register_converter(PathId, "id")

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/", include("newsannot.api.urls")),
    path("", include("newsannot.console.urls")),
    path("", include("newsannot.guidelines.urls")),
    path("", include("newsannot.jobs.urls")),
    path("", include("newsannot.releases.urls")),
    path("", include("newsannot.review.urls")),
    path("", include("newsannot.suggestions.urls")),
    path("", include("newsannot.workspace.urls")),
    path("", include("newsannot.workload.urls")),
    path("", include("newsannot.preferences.urls")),
]

handler400 = "newsannot.errorpages.bad_request"
handler403 = "newsannot.errorpages.forbidden"
handler404 = "newsannot.errorpages.not_found"
