from django.urls import path

from fulian.core.spreadsheets import views as sheets

from . import views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="list"),
    path("new/", views.person_create, name="create"),
    path("merge/", views.person_merge, name="merge"),
    path("group-options/", views.group_options, name="group_options"),
    # Excel in and out: the shared spreadsheet views with this app's specs (fulian/people/spreadsheet.py).
    path("import/", sheets.import_start, {"spec_name": "people"}, name="import"),
    path("export/", sheets.export, {"spec_name": "people"}, name="export"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/edit/", views.person_edit, name="edit"),
    path("<int:pk>/unmask/", views.person_unmask, name="unmask"),
    path("<int:pk>/relations/add/", views.relation_add, name="relation_add"),
    path("relations/<int:pk>/remove/", views.relation_remove, name="relation_remove"),
]
