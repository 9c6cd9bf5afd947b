"""Django admin for superusers' maintenance. Encrypted columns are left out: the admin writes no access
log, so full ID numbers, mobiles and notes are disclosed only through the registry's own pages."""

from django.contrib import admin

from .models import Category, Person


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "gender", "birth_date", "village", "id_number_tail", "created_at"]
    list_filter = ["gender"]
    search_fields = ["name", "name_pinyin", "name_initials"]
    list_select_related = ["village"]
    fields = [
        "name",
        "gender",
        "birth_date",
        "village",
        "group",
        "hukou_address",
        "residence_address",
        "ethnicity",
        "education",
        "employment",
    ]
    raw_id_fields = ["village", "group"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "is_sensitive", "is_active", "order"]
    list_editable = ["is_sensitive", "is_active", "order"]
