"""Background work of the rights-protection module (django-tasks)."""

from django_tasks import task

from . import services


@task()
def write_case_reminders() -> int:
    """Write reminder rows for protection-order deadlines and follow-up visits that are due or missed."""
    return services.reminders_write()
