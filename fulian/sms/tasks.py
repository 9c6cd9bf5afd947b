"""Background work of the SMS platform (django-tasks): one message is worked by several of these at once."""

from django_tasks import task

from . import sending


@task()
def send_message_task(message_id: int) -> int:
    """Send the message's queued rows until none is outstanding (sending.run); returns the rows handled."""
    return sending.run(message_id)
