"""For the tests of an import spec: build a sheet with the spec's headers, upload it through the import page,
confirm the job, and read its errors as (row, column, message)."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from .models import ImportJob


class SheetUpload:
    """One spec's import as a test drives it: `SheetUpload("care_visits", VISIT_COLUMNS, "走访.xlsx")`."""

    def __init__(self, spec: str, columns, filename: str = "导入.xlsx"):
        self.spec, self.columns, self.filename = spec, columns, filename
        self.url = reverse("spreadsheets:import", args=[spec])
        self.template_url = reverse("spreadsheets:template", args=[spec])

    def sheet(self, rows) -> SimpleUploadedFile:
        wb = Workbook()
        ws = wb.active
        ws.append([c.header for c in self.columns])
        for row in rows:
            ws.append(row)
        out = BytesIO()
        wb.save(out)
        return SimpleUploadedFile(self.filename, out.getvalue())

    def upload(self, client, rows, strict: bool = False, unit=None) -> ImportJob:
        """Post the sheet to the import page (into `unit` if given); the page redirects to the new job."""
        data: dict[str, Any] = {"file": self.sheet(rows)}
        if strict:
            data["strict"] = "on"
        if unit is not None:
            data["unit"] = unit.pk
        response = client.post(self.url, data)
        assert response.status_code == 302, response.content.decode()[:500]
        return ImportJob.objects.latest("id")

    def confirm(self, client, job: ImportJob) -> ImportJob:
        client.post(reverse("spreadsheets:job_confirm", args=[job.pk]))
        job.refresh_from_db()
        return job

    def template_headers(self, client) -> list[str]:
        """Download the template as `client` and return its header row (a required column's * removed)."""
        response = client.get(self.template_url)
        assert response.status_code == 200, response.status_code
        sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
        return [str(c.value).rstrip("*") for c in next(sheet.iter_rows())]

    def assert_four_ways(self, login, *, allowed, other_unit, forbidden) -> None:
        """The import page and the template: allowed users 200, another unit 404, roles that may not
        import 403, anonymous to the login page."""
        for url in (self.url, self.template_url):
            for user in allowed:
                assert login(user).get(url).status_code == 200, (url, user)
            assert login(allowed[0]).get(url, {"unit": other_unit.pk}).status_code == 404, url
            for user in forbidden:
                assert login(user).get(url).status_code == 403, (url, user)
            response = Client().get(url)
            assert response.status_code == 302, url
            assert "login" in response["Location"]


def error_set(job: ImportJob) -> set[tuple[int, str, str]]:
    return {(e["row"], e["column"], e["message"]) for e in job.errors}
