"""Interface words for the atlas's coded values: roles, statuses, review states."""

from __future__ import annotations

from atlas.i18n import N_
from atlas.models import COMPLETED, ONGOING, PLANNED
from atlas.review import STATE_LABELS
from geo.mapview import ROLE_LABELS
from ui.i18n import _

STATUS_LABELS = {PLANNED: N_("planned"), ONGOING: N_("ongoing"), COMPLETED: N_("completed")}


def role_label(role: str) -> str:
    """A role in the visitor's language ("Frontrunner", "Miasto prekursor")."""
    return _(ROLE_LABELS[role]) if role in ROLE_LABELS else role


def status_label(status: str) -> str:
    """A practice's status in the visitor's language, lower case ("ongoing")."""
    return _(STATUS_LABELS[status]) if status in STATUS_LABELS else status


def state_label(state: str) -> str:
    """A review state in the visitor's language ("In review")."""
    return _(STATE_LABELS[state]) if state in STATE_LABELS else state
