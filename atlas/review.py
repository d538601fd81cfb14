"""The review workflow of good practices: draft → in review → published, or back to draft
with a comment. Editors write and submit; only admins publish or send back. Visitors see
published practices only."""

from __future__ import annotations

from atlas.accounts import User, can_edit, can_publish
from atlas.history import PUBLISH, RETURN, SUBMIT
from atlas.i18n import N_

DRAFT, IN_REVIEW, PUBLISHED = "draft", "in_review", "published"
REVIEW_STATES: tuple[str, ...] = (DRAFT, IN_REVIEW, PUBLISHED)
STATE_LABELS = {DRAFT: N_("Draft"), IN_REVIEW: N_("In review"), PUBLISHED: N_("Published")}

TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    SUBMIT: (frozenset({DRAFT}), IN_REVIEW),
    PUBLISH: (frozenset({IN_REVIEW}), PUBLISHED),
    RETURN: (frozenset({IN_REVIEW, PUBLISHED}), DRAFT),
}
"""action -> (states it starts from, state it leads to)."""

ACTION_LABELS = {
    SUBMIT: N_("Submit for review"),
    PUBLISH: N_("Publish"),
    RETURN: N_("Send back to draft"),
}


def can_submit(user: User | None, state: str) -> bool:
    """An editor or admin submits a draft for review."""
    return can_edit(user) and state in TRANSITIONS[SUBMIT][0]


def can_publish_practice(user: User | None, state: str) -> bool:
    """Only an admin publishes, and only a practice that is in review."""
    return can_publish(user) and state in TRANSITIONS[PUBLISH][0]


def can_return(user: User | None, state: str) -> bool:
    """Only an admin sends a practice in review, or a published one, back to draft."""
    return can_publish(user) and state in TRANSITIONS[RETURN][0]


RULES = {SUBMIT: can_submit, PUBLISH: can_publish_practice, RETURN: can_return}


def allowed_actions(user: User | None, state: str) -> list[str]:
    """The workflow actions `user` may take on a practice in `state`, in workflow order."""
    return [action for action, rule in RULES.items() if rule(user, state)]


def needs_comment(action: str) -> bool:
    """Sending back says why."""
    return action == RETURN


def state_after_edit(user: User | None, state: str) -> str:
    """A published practice edited by an editor leaves the public pages until an admin
    publishes it again; an admin's edit keeps it published. Other states stay."""
    if state == PUBLISHED and not can_publish(user):
        return DRAFT
    return state
