from django.contrib import admin

from .models import Programme


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "code", "unit", "budget", "min_amount", "max_amount"]
    readonly_fields = ["unit_path"]
