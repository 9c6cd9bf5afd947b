"""The rehearsal's load: simulated users by role against both web servers (scripts/rehearse).

- a town officer searches and opens people, edits one, records an activity, submits and approves aid;
- a county officer runs the statistics and the dashboard, drafts a town summary, pages the API's list;
- a village officer logs the visits of 爱心妈妈 pairings (the volunteers' record, kept by the village);
- women answer the satisfaction questionnaire from a public link (no account).

Each user holds a session prepared by world.py (no login traffic) and a CSRF cookie it sends back as the
header, as a browser's page script does. Business refusals (400: a rule the data breaks, e.g. an
application that may not be approved twice) count as answered; a 5xx or a connection error is a failure.
A request that got no response at all (status 0) is reported as "无响应（运行中|停止时）<exception>": the
phase says whether it was sent before locust began to stop the run or after, so that requests cut by the
stop are told apart from those the servers dropped.
REHEARSE_WORLD names the world file, REHEARSE_HOSTS the web servers (comma-separated).
"""

from __future__ import annotations

import json
import os
import random
import secrets
import string
from datetime import date

from locust import HttpUser, between, events, task

WORLD = json.load(open(os.environ["REHEARSE_WORLD"], encoding="utf-8"))  # noqa: SIM115
HOSTS = os.environ["REHEARSE_HOSTS"].split(",")
YEAR = 2025
STOPPING: dict = {"since": None}


@events.test_stopping.add_listener
def _stopping(**_kwargs) -> None:
    STOPPING["since"] = "停止时"


def failed(r) -> None:
    """Mark a response failed: its status, or for no response the phase and the exception."""
    if r.status_code == 0:
        error = getattr(r, "error", None)
        cause = getattr(error, "__context__", None) or error
        r.failure(f"无响应（{STOPPING['since'] or '运行中'}）{type(error).__name__}: {str(cause)[:120]}")
    else:
        r.failure(f"{r.status_code} {r.text[:200]}")


class Role(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    host = HOSTS[0]
    session_of = ""

    def on_start(self) -> None:
        self.client.base_url = random.choice(HOSTS)
        self.csrf = "".join(random.choices(string.ascii_letters + string.digits, k=32))
        self.client.cookies.set("csrftoken", self.csrf)
        if self.session_of:
            self.client.cookies.set("sessionid", random.choice(WORLD["sessions"][self.session_of]))

    def get(self, url: str, name: str) -> None:
        with self.client.get(url, name=name, catch_response=True) as r:
            if r.status_code != 200:
                failed(r)

    def send(self, method: str, url: str, name: str, **kwargs) -> None:
        headers = {"X-CSRFToken": self.csrf, "Referer": self.client.base_url + url}
        with self.client.request(method, url, name=name, headers=headers, catch_response=True, **kwargs) as r:
            if r.status_code >= 500 or r.status_code in (0, 401, 403, 404):
                failed(r)
            else:
                r.success()


class TownOfficer(Role):
    weight = 4
    session_of = "r_town"

    @task(4)
    def search(self):
        q = random.choice(["测试1", "测试", "ceshi", "cs", "测试23"])
        self.get(f"/people/?q={q}", "/people/?q=[search]")

    @task(3)
    def person(self):
        self.get(f"/people/{random.choice(WORLD['people'])}/", "/people/[id]/")

    @task(1)
    def edit_person(self):
        pk = random.choice(WORLD["people"])
        self.send("PATCH", f"/api/v1/persons/{pk}/", "/api/v1/persons/[id]/ PATCH",
                  json={"residence_address": f"走访更新 {secrets.token_hex(3)}"})  # fmt: skip

    @task(1)
    def record_activity(self):
        body = {
            "type": random.choice(WORLD["activity_types"]),
            "title": f"rehearsal-{secrets.token_hex(6)}",
            "start_date": date(YEAR, random.randrange(1, 13), random.randrange(1, 28)).isoformat(),
            "unit": WORLD["town"],
            "place": "村活动室",
            "participant_count": random.randrange(5, 60),
        }
        self.send("POST", "/api/v1/activities/", "/api/v1/activities/ POST", json=body)

    @task(1)
    def aid(self):
        self.get("/aid/applications/", "/aid/applications/")
        if not WORLD["programmes"]:
            return
        body = {"programme": random.choice(WORLD["programmes"]), "person": random.choice(WORLD["people"]),
                "amount": "500", "reason": "生活困难"}  # fmt: skip
        with self.client.post(
            "/api/v1/aid/applications/", json=body, name="/api/v1/aid/applications/ POST",
            headers={"X-CSRFToken": self.csrf}, catch_response=True,
        ) as r:  # fmt: skip
            if r.status_code >= 500 or r.status_code == 0:
                failed(r)
                return
            r.success()
            pk = r.json().get("id") if r.status_code == 201 else None
        if pk:
            for step in ("review", "approve"):
                self.send(
                    "POST", f"/api/v1/aid/applications/{pk}/{step}/", f"/api/v1/aid/applications/[id]/{step}/"
                )


class CountyOfficer(Role):
    weight = 1
    session_of = "county"

    @task(3)
    def stats(self):
        self.get(f"/reports/stats/?unit={WORLD['county']}&kind=year&year={YEAR}", "/reports/stats/ (county)")

    @task(2)
    def dashboard(self):
        self.get("/reports/dashboard/", "/reports/dashboard/")

    @task(1)
    def draft_summary(self):
        self.send("POST", "/reports/summaries/", "/reports/summaries/ POST (town)",
                  data={"unit": WORLD["town"], "kind": "year", "year": YEAR})  # fmt: skip

    @task(2)
    def api_list(self):
        self.get(f"/api/v1/persons/?page={random.randrange(1, 20)}", "/api/v1/persons/?page=[n]")


class VillageOfficer(Role):
    weight = 2
    session_of = "r_village"

    @task
    def log_visit(self):
        if not WORLD["pairings"]:
            return
        body = {"pairing": random.choice(WORLD["pairings"]), "visited_on": date(YEAR, 12, 1).isoformat(),
                "kind": "home", "notes": "入户走访"}  # fmt: skip
        self.send("POST", "/api/v1/care/visits/", "/api/v1/care/visits/ POST", json=body)

    @task
    def home(self):
        self.get("/", "/ (home)")


class Woman(Role):
    weight = 3

    @task
    def answer(self):
        url = f"/surveys/s/{random.choice(WORLD['links'])}/"
        self.get(url, "/surveys/s/[token]/")
        self.send(
            "POST", url, "/surveys/s/[token]/ POST", data={f"q{WORLD['question']}": random.randrange(1, 6)}
        )
