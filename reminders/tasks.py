from celery import shared_task


@shared_task(name="reminders.tasks.tick")
def tick():
    """One beat tick: dispatch the reminders that fell due (filled in by the reminders issue)."""
    return 0
