"""Wagtail's page and workflow signals, passed on to the library's actions.

Publishing or unpublishing a library page (from the review workflow or directly in the
admin) re-indexes it for the site's search once the transaction commits. The author of
a submission hears of each step from ``library.actions.submission``.

Wagtail's admin also e-mails the person who requested a review when the workflow is
submitted (to administrators), approved or rejected. For library pages those messages
would repeat ours with links into an admin the authors cannot open, so the receivers
below are connected under the ``dispatch_uid`` of Wagtail's own: this app is ready
before ``wagtail.admin`` (see INSTALLED_APPS), whose later ``connect`` calls with the same
uid are then ignored. Other pages still get Wagtail's messages, through the same
notifiers. The knowledge editors hear of every submission once, from Wagtail's
notification of the review task (``task_submitted``), which is left in place.
"""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from wagtail.admin import signal_handlers as wagtail_notifications
from wagtail.models import WorkflowState
from wagtail.signals import (
    page_published,
    page_unpublished,
    task_submitted,
    workflow_approved,
    workflow_rejected,
    workflow_submitted,
)

from library.actions import submission
from library.models import LibraryItem
from search import index


@receiver(page_published, dispatch_uid="library_page_published")
def _page_published(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, LibraryItem):
        index.update_on_commit("library", [instance.pk])
        submission.on_page_published(instance)


@receiver(page_unpublished, dispatch_uid="library_page_unpublished")
def _page_unpublished(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, LibraryItem):
        index.update_on_commit("library", [instance.pk])


@receiver(task_submitted, dispatch_uid="library_task_submitted")
def _task_submitted(sender: Any, instance: Any, user: Any = None, **kwargs: Any) -> None:
    submission.on_task_submitted(instance, user)


@receiver(
    workflow_submitted, sender=WorkflowState, dispatch_uid="workflow_state_submitted_email_notification"
)
def _workflow_submitted(sender: Any, instance: WorkflowState, user: Any = None, **kwargs: Any) -> None:
    # For library pages the editors (and administrators) are told by the task's notification.
    if not submission.is_library_review(instance):
        wagtail_notifications.workflow_submission_email_notifier(instance=instance, user=user, **kwargs)


@receiver(workflow_rejected, sender=WorkflowState, dispatch_uid="workflow_state_rejected_email_notification")
def _workflow_rejected(sender: Any, instance: WorkflowState, user: Any = None, **kwargs: Any) -> None:
    if submission.is_library_review(instance):
        submission.on_review_rejected(instance, user)
    else:
        wagtail_notifications.workflow_rejection_email_notifier(instance=instance, user=user, **kwargs)


@receiver(workflow_approved, sender=WorkflowState, dispatch_uid="workflow_state_approved_email_notification")
def _workflow_approved(sender: Any, instance: WorkflowState, user: Any = None, **kwargs: Any) -> None:
    # For library pages the author is told when the page goes live (page_published), which
    # also covers an editor publishing directly from the admin.
    if not submission.is_library_review(instance):
        wagtail_notifications.workflow_approval_email_notifier(instance=instance, user=user, **kwargs)
