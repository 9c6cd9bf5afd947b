from django.contrib import admin

from .models import ActivityType, OutsideBody, QuantityKind


@admin.register(ActivityType)
class ActivityTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order", "is_active", "area", "summary_heading"]


@admin.register(OutsideBody)
class OutsideBodyAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active"]


@admin.register(QuantityKind)
class QuantityKindAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "code", "is_active"]
