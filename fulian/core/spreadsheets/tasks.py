"""Background steps of an import (run by `manage.py db_worker`; immediately in tests)."""

from django_tasks import task

from . import services


@task()
def import_job_validate_task(job_id: int) -> None:
    services.import_job_validate(job_id=job_id)


@task()
def import_job_commit_task(job_id: int) -> None:
    services.import_job_commit(job_id=job_id)
