from django.contrib import admin

from newsannot.preferences.models import UserPreference


@admin.register(UserPreference)
class UserPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "font_size", "updated_at")
