from django.urls import path

from .views import funds, work

app_name = "resources"
urlpatterns = [
    path("funds/", funds.funds, name="funds"),
    path("funds/new/", funds.fund_create, name="fund_create"),
    path("funds/<int:pk>/", funds.fund, name="fund"),
    path("funds/<int:pk>/donations/new/", funds.donation_create, name="donation_create"),
    path("funds/<int:pk>/uses/new/", funds.use_create, name="use_create"),
    path("donations/<int:pk>/edit/", funds.donation_edit, name="donation_edit"),
    path("donations/<int:pk>/cancel/", funds.donation_cancel, name="donation_cancel"),
    path("donations/<int:pk>/receipt.docx", funds.receipt, name="receipt"),
    path("uses/<int:pk>/cancel/", funds.use_cancel, name="use_cancel"),
    path("services/", work.services_list, name="services"),
    path("services/new/", work.service_create, name="service_create"),
    path("projects/", work.projects, name="projects"),
    path("projects/new/", work.project_create, name="project_create"),
    path("projects/<int:pk>/", work.project, name="project"),
    path("projects/<int:pk>/advance/", work.project_advance, name="project_advance"),
    path("projects/<int:pk>/hosted/", work.base_host, name="base_host"),
    path("projects/<int:pk>/milestones/new/", work.milestone_add, name="milestone_add"),
    path("pairings/new/", work.pairing_create, name="pairing_create"),
    path("pairings/<int:pk>/", work.pairing, name="pairing"),
    path("pairings/<int:pk>/activities/new/", work.pairing_activity_add, name="pairing_activity_add"),
]
