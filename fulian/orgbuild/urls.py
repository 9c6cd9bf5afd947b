from django.urls import path

from .views import cadres, elections

app_name = "orgbuild"
urlpatterns = [
    path("", elections.index, name="index"),
    path("new/", elections.election_create, name="create"),
    path("<int:pk>/", elections.detail, name="detail"),
    path("<int:pk>/steps/<str:kind>/", elections.step_record, name="step"),
    path("<int:pk>/seats/", elections.seats, name="seats"),
    path("<int:pk>/candidates/new/", elections.candidate_add, name="candidate_add"),
    path("<int:pk>/rounds/new/", elections.round_open, name="round_open"),
    path("<int:pk>/apply/", elections.apply, name="apply"),
    path("<int:pk>/download/<str:what>", elections.download, name="download"),
    path("steps/<int:pk>/file/", elections.step_file, name="step_file"),
    path("rounds/<int:pk>/", elections.round_detail, name="round"),
    path("rounds/<int:pk>/ballot.docx", elections.ballot, name="ballot"),
    path("rounds/<int:pk>/close/", elections.round_close, name="round_close"),
    path("cadres/", cadres.cadres, name="cadres"),
    path("rosters/<int:pk>/", cadres.roster, name="roster"),
    path("rosters/<int:pk>/appoint/", cadres.appoint, name="appoint"),
    path("posts/<int:pk>/remove/", cadres.remove, name="remove"),
    path("posts/<int:pk>/", cadres.cadre, name="cadre"),
    path("trainings/new/", cadres.training_create, name="training_create"),
    path("trainings/<int:pk>/", cadres.training_detail, name="training"),
    path("trainings/<int:pk>/attend/", cadres.attend, name="attend"),
    path("places/new/", cadres.place_edit, name="place_create"),
    path("places/<int:pk>/", cadres.place_edit, name="place_edit"),
]
