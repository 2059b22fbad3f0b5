"""Who may see and add attachments: the rights of the object they belong to.

Attachments are the units' evidence, not the public record of the list: they are seen by managers, by the staff of
the project's units (lead and responsible), by the staff of the unit responsible for the milestone (a milestone's
files) and by the staff of the order's lead and co-units (a reply's files). Everyone else gets 404 on a file, as on
any object outside their scope. Adding follows the owner's edit right: the report form (`can_edit` of the project),
the milestone's actual date (`can_record_actual`), the reply (the lead unit, through the reply move).
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from projects.services import can_record_actual
from supervision.services import LEAD, MANAGER, roles

from .models import Attachment


def _project_unit_ids(project):
    return {project.lead_unit_id, *(u.pk for u in project.responsible_units.all())}


def sees_project_evidence(user, project):
    """Whether the user sees every attachment of the project (the gallery): managers and the project's units."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_manager or (user.unit_id is not None and user.unit_id in _project_unit_ids(project))


def can_view(user, attachment):
    """Whether the user may open the attachment (see the module docstring)."""
    if sees_project_evidence(user, attachment.project):
        return True
    if not (user.is_authenticated and user.is_active and user.unit_id is not None):
        return False
    if attachment.milestone_id is not None:
        return attachment.milestone.unit_id == user.unit_id
    if attachment.reply_id is not None:
        return bool(roles(user, attachment.reply.order))
    return False


def can_add(user, owner_kind, owner, can_edit_project):
    """Whether the user may add files to `owner` of `owner_kind` ("report", "milestone", "reply")."""
    if owner_kind == "report":
        return can_edit_project
    if owner_kind == "milestone":
        return can_record_actual(user, owner, can_edit_project)
    return LEAD in roles(user, owner.order)


def can_remove(user, attachment):
    """Managers, and whoever added the file while they may still add to its owner."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_manager:
        return True
    if attachment.uploaded_by_id != user.pk:
        return False
    if attachment.reply_id is not None:
        return bool({LEAD, MANAGER} & roles(user, attachment.reply.order))
    can_edit = user.unit_id in _project_unit_ids(attachment.project) and user.has_perm("projects.report_progress")
    if attachment.milestone_id is not None:
        return can_record_actual(user, attachment.milestone, can_edit)
    return can_edit


def get_attachment_for_user(request, pk):
    """The attachment the user may open (404 otherwise: a file outside one's scope is not there)."""
    attachment = get_object_or_404(
        Attachment.objects.select_related("project", "milestone", "reply__order").prefetch_related(
            "project__responsible_units"
        ),
        pk=pk,
    )
    if not can_view(request.user, attachment):
        raise Http404
    return attachment
