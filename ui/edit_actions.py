"""What the editing page's buttons do: save, delete, review, images. Each runs as the
button's callback, before the page is drawn again, so the page then shows the record as
saved, or the refusal beside the fields with the editor's input kept."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from sqlalchemy.exc import OperationalError

from atlas import editing, review
from atlas.accounts import User, can_edit
from atlas.editing import ConflictError, NotAllowedError, Saved, UnchangedError
from atlas.i18n import N_
from atlas.images import ImageError, store_image
from atlas.records import InvalidRecordError
from atlas.store import store_answers
from atlas.workspace import EditableRecord, editable_record
from ui.auth import SESSION_ENDED, acting_user, now
from ui.cache import engine
from ui.cache import image as cached_image
from ui.i18n import _, say
from ui.labels import state_label
from ui.record_form import base_version, form_values, load_form, set_errors
from ui.text import md

NOT_SAVED_WHILE_STORE_DOWN = N_(
    "the atlas's store did not answer, so nothing was saved; your edits are kept here: "
    "save again once the store is back"
)
FLASH_KEY = "edit_flash"
CONFLICT_KEY = "edit_conflict"


def flash(message: str, done: bool = True) -> None:
    """A message shown once, on the next run of the page: a change done, or not needed."""
    st.session_state[FLASH_KEY] = (message, done)


def show_flash() -> None:
    message, done = st.session_state.pop(FLASH_KEY, (None, True))
    if message and done:
        st.success(md(message), icon=":material/check_circle:")
    elif message:
        st.info(md(message), icon=":material/info:")


def _attempt(
    form: str, change: Callable[[User], Saved], message: Callable[[Saved], str]
) -> Saved | None:
    """Run a change as the user this tab's session belongs to now. Saved: the form is read
    afresh (the new version) and `message` is flashed. Refused: the form keeps its input
    and says why."""
    st.session_state.pop(f"{CONFLICT_KEY}_{form}", None)
    set_errors(form, {})
    try:  # the session is looked up in the store too: an outage may begin here
        user = acting_user(can_edit)
        if user is None:
            set_errors(form, {"": SESSION_ENDED})
            return None
        saved = change(user)
    except InvalidRecordError as error:
        set_errors(form, error.errors)
    except ConflictError as error:
        st.session_state[f"{CONFLICT_KEY}_{form}"] = (_reason(error), error.lines())
    except (NotAllowedError, ImageError) as error:
        set_errors(form, {"": _reason(error)})
    except UnchangedError as error:
        reason = say(error)
        flash(_("{reason}: nothing to save.", reason=reason[:1].upper() + reason[1:]), done=False)
    except OperationalError:
        if store_answers(engine()):
            raise
        set_errors(form, {"": NOT_SAVED_WHILE_STORE_DOWN})
    else:
        st.session_state.pop(f"base_version_{form}", None)
        flash(message(saved))
        return saved
    return None


def _reason(error: Exception) -> str:
    """The error's message as raised: a Message keeps its translation."""
    return error.args[0] if len(error.args) == 1 and isinstance(error.args[0], str) else str(error)


def show_conflict(form: str, record: EditableRecord) -> None:
    """Say that the record changed meanwhile, what changed, and offer to load it."""
    found = st.session_state.get(f"{CONFLICT_KEY}_{form}")
    if not found:
        return
    message, lines = found
    st.error(md(say(message)), icon=":material/sync_problem:")
    if lines:
        st.markdown(
            f"**{_('Changed meanwhile:')}**\n" + "\n".join(f"- {md(line)}" for line in lines)
        )
    st.button(
        _("Load the current version (discards your edits)"),
        key=f"reload_{form}",
        on_click=_load_current,
        args=(form, record),
    )


def _load_current(form: str, record: EditableRecord) -> None:
    st.session_state.pop(f"{CONFLICT_KEY}_{form}", None)
    current = editable_record(engine(), record.kind, record.record_id) or record
    load_form(form, current.kind, current.state, current.version)


def save(form: str, kind: str, record_id: int | None) -> None:
    """Create the record, or save the edited copy against the version the form shows."""
    values = form_values(form, kind)
    if record_id is None:
        saved = _attempt(
            form,
            lambda user: editing.create_record(engine(), user, kind, values, now()),
            lambda saved: _("Created “{label}”.", label=saved.label),
        )
        if saved:
            st.query_params["record"] = str(saved.record_id)
        return
    _attempt(
        form,
        lambda user: editing.update_record(
            engine(), user, kind, record_id, base_version(form), values, now()
        ),
        lambda saved: _(
            "Saved “{label}” (version {version}).", label=saved.label, version=saved.version
        ),
    )


def delete_or_undelete(form: str, record: EditableRecord) -> None:
    deleted = record.state["deleted"]
    action = editing.undelete_record if deleted else editing.delete_record
    _attempt(
        form,
        lambda user: action(
            engine(), user, record.kind, record.record_id, base_version(form), now()
        ),
        lambda saved: (
            _("Restored “{label}”.", label=saved.label)
            if deleted
            else _("Deleted “{label}”.", label=saved.label)
        ),
    )


def delete_panel(form: str, record: EditableRecord, disabled: bool = False) -> None:
    """Delete the record (or restore a deleted one) once the box is ticked."""
    if record.state["deleted"]:
        label, confirm_label = _("Restore this record"), _("Yes, restore this record")
    else:
        label, confirm_label = _("Delete this record"), _("Yes, delete this record")
    confirm = st.checkbox(confirm_label, key=f"confirm_delete_{form}")
    st.button(
        label,
        disabled=disabled or not confirm,
        key=f"delete_{form}",
        on_click=delete_or_undelete,
        args=(form, record),
    )


def discard_edits(form: str, record: EditableRecord) -> None:
    """Put the stored record back into the form."""
    load_form(form, record.kind, record.state, record.version)


def _move(form: str, record: EditableRecord, action: str) -> None:
    comment = st.session_state.get(f"review_comment_{form}", "")
    _attempt(
        form,
        lambda user: editing.move_practice(
            engine(), user, record.record_id, base_version(form), action, now(), comment
        ),
        lambda saved: _(
            "{action}: done (version {version}).",
            action=_(review.ACTION_LABELS[action]),
            version=saved.version,
        ),
    )


def review_panel(form: str, user: User, record: EditableRecord, disabled: bool = False) -> None:
    """The practice's review state, the last comment, and the actions `user` may take."""
    state = record.state["review_state"]
    st.markdown(f"**{_('Review:')}** {state_label(state)}")
    if record.review_comment:
        st.info(
            _("Comment: {comment}", comment=md(record.review_comment)), icon=":material/comment:"
        )
    actions = review.allowed_actions(user, state)
    if not actions:
        if state == review.IN_REVIEW:
            st.caption(_("Waiting for an admin to publish it or send it back."))
        return
    st.text_input(_("Comment (needed to send back)"), key=f"review_comment_{form}")
    for column, action in zip(st.columns(len(actions)), actions, strict=True):
        column.button(
            _(review.ACTION_LABELS[action]),
            key=f"review_{action}_{form}",
            disabled=disabled,
            on_click=_move,
            args=(form, record, action),
        )


def _set_images(form: str, record: EditableRecord, images: list[dict], done: str) -> None:
    _attempt(
        form,
        lambda user: editing.set_practice_images(
            engine(), user, record.record_id, base_version(form), images, now()
        ),
        lambda _saved: done,
    )


def _remove_image(form: str, record: EditableRecord, position: int) -> None:
    images = list(record.state.get("images", []))
    _set_images(form, record, images[:position] + images[position + 1 :], _("Image removed."))


def _add_image(form: str, record: EditableRecord) -> None:
    upload = st.session_state.get(f"image_upload_{form}")
    if upload is None:
        set_errors(form, {"": N_("choose an image file first")})
        return
    user = acting_user(can_edit)
    if user is None:
        set_errors(form, {"": SESSION_ENDED})
        return
    try:
        digest = store_image(engine(), user, upload.getvalue(), now())
    except ImageError as error:
        set_errors(form, {"": f"{upload.name}: {say(error)}"})
        return
    images = list(record.state.get("images", []))
    if any(image["sha256"] == digest for image in images):
        set_errors(form, {"": N_("this image is attached already")})
        return
    caption = (st.session_state.get(f"image_caption_{form}") or "").strip() or None
    _set_images(form, record, [*images, {"sha256": digest, "caption": caption}], _("Image added."))


def images_panel(form: str, record: EditableRecord, disabled: bool = False) -> None:
    """The practice's images; upload one (checked and stored by content hash) or remove."""
    for position, image in enumerate(record.state.get("images", [])):
        stored = cached_image(image["sha256"])
        left, right = st.columns([4, 1])
        if stored:
            left.image(stored[1], caption=image.get("caption") or None, width=240)
        right.button(
            _("Remove"),
            key=f"image_remove_{position}_{form}",
            disabled=disabled,
            on_click=_remove_image,
            args=(form, record, position),
        )
    st.file_uploader(
        _("Add an image (JPEG, PNG or WebP, at most 5 MB)"),
        type=["jpg", "jpeg", "png", "webp"],
        key=f"image_upload_{form}",
    )
    st.text_input(_("Caption"), key=f"image_caption_{form}")
    st.button(
        _("Add image"),
        key=f"image_add_{form}",
        disabled=disabled,
        on_click=_add_image,
        args=(form, record),
    )
