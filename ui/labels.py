"""Interface words for the atlas's coded values: roles, statuses, review states."""

from __future__ import annotations

from atlas.accounts import ADMIN, EDITOR
from atlas.i18n import N_
from atlas.models import COMPLETED, ONGOING, PLANNED
from atlas.records import CITY, MEMBERSHIP, PRACTICE, PROJECT
from atlas.review import STATE_LABELS
from geo.mapview import ROLE_LABELS
from ui.i18n import _, n_

STAFF_ROLE_LABELS = {EDITOR: N_("editor"), ADMIN: N_("admin")}
FIELD_NAMES = {
    "acronym": N_("Acronym"),
    "city": N_("City"),
    "confidence": N_("Confidence"),
    "contact_organisation": N_("Contact organisation"),
    "cost": N_("Cost"),
    "country": N_("Country"),
    "description": N_("Description"),
    "duration": N_("Duration"),
    "latitude": N_("Latitude"),
    "lessons": N_("Lessons"),
    "licence": N_("Licence"),
    "local_name": N_("Local name"),
    "longitude": N_("Longitude"),
    "name": N_("Name"),
    "population": N_("Population"),
    "population_source": N_("Population source"),
    "programme": N_("Programme"),
    "project": N_("Project"),
    "projects": N_("Projects"),
    "results": N_("Results"),
    "role": N_("Role"),
    "summary": N_("Summary"),
    "team": N_("Team"),
    "title": N_("Title"),
    "topics": N_("Topics"),
    "transferability": N_("Transferability"),
    "website": N_("Website"),
    "year": N_("Year"),
    "images": N_("Images"),
    "review_state": N_("Review state"),
    "deleted": N_("Deleted"),
}
"""Editing-form labels of the fields that ui.record_form names after the field itself."""
KIND_LABELS = {
    PROJECT: N_("project"),
    CITY: N_("city"),
    MEMBERSHIP: N_("membership"),
    PRACTICE: N_("practice"),
}
STATUS_LABELS = {PLANNED: N_("planned"), ONGOING: N_("ongoing"), COMPLETED: N_("completed")}


def role_label(role: str) -> str:
    """A role in the visitor's language ("Frontrunner", "Miasto prekursor")."""
    return _(ROLE_LABELS[role]) if role in ROLE_LABELS else role


KINDS_PLURAL = {
    PROJECT: N_("Projects"),
    CITY: N_("Cities"),
    MEMBERSHIP: N_("Memberships"),
    PRACTICE: N_("Good practices"),
}
NEW_RECORD_LABELS = {
    PROJECT: N_("New project"),
    CITY: N_("New city"),
    MEMBERSHIP: N_("New membership"),
    PRACTICE: N_("New practice"),
}
OPEN_RECORD_LABELS = {
    PROJECT: N_("Open a project"),
    CITY: N_("Open a city"),
    MEMBERSHIP: N_("Open a membership"),
    PRACTICE: N_("Open a practice"),
}
ALL_RECORDS_LABELS = {
    PROJECT: N_("← All projects"),
    CITY: N_("← All cities"),
    MEMBERSHIP: N_("← All memberships"),
    PRACTICE: N_("← All good practices"),
}


def records_count(kind: str, count: int) -> str:
    """ "12 cities." in the visitor's language, for records of `kind`."""
    if kind == PROJECT:
        return n_("{count} project.", "{count} projects.", count)
    if kind == CITY:
        return n_("{count} city.", "{count} cities.", count)
    if kind == MEMBERSHIP:
        return n_("{count} membership.", "{count} memberships.", count)
    return n_("{count} good practice.", "{count} good practices.", count)


def record_columns() -> dict[str, str]:
    """Headers of the staff's lists of records, in the visitor's language."""
    return {
        "label": _("label"),
        "slug": _("slug"),
        "version": _("version"),
        "deleted": _("deleted"),
        "review_state": _("review state"),
        "city": _("city"),
    }


def kind_label(kind: str) -> str:
    """A kind of record ("city", "practice") in the visitor's language."""
    return _(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


def role_name(staff_role: str) -> str:
    """A staff role ("editor", "admin") in the visitor's language."""
    return _(STAFF_ROLE_LABELS[staff_role]) if staff_role in STAFF_ROLE_LABELS else staff_role


def status_label(status: str) -> str:
    """A practice's status in the visitor's language, lower case ("ongoing")."""
    return _(STATUS_LABELS[status]) if status in STATUS_LABELS else status


def state_label(state: str) -> str:
    """A review state in the visitor's language ("In review")."""
    return _(STATE_LABELS[state]) if state in STATE_LABELS else state
