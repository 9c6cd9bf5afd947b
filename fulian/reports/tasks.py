from django_tasks import task

from . import services, snapshots


@task()
def summary_generate_task(draft_id: int, user_id: int, keep_edits: bool = True) -> None:
    services.summary_generate_in_background(draft_id=draft_id, user_id=user_id, keep_edits=keep_edits)


@task()
def stats_snapshot_task(snapshot_id: int, user_id: int) -> None:
    snapshots.compute(snapshot_id=snapshot_id, user_id=user_id)
