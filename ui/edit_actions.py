"""What the editing page does on a button: save, create, delete, review, images. Each
turns the domain's refusals into messages and keeps the editor's input when refused."""

from __future__ import annotations

import streamlit as st

from atlas import editing, review
from atlas.accounts import User
from atlas.editing import ConflictError, NotAllowedError, Saved
from atlas.images import ImageError, image_bytes, store_image
from atlas.records import InvalidRecordError
from atlas.workspace import EditableRecord
from ui.auth import now
from ui.cache import engine
from ui.record_form import base_version, form_values, load_form, set_errors

FLASH_KEY = "edit_flash"
CONFLICT_KEY = "edit_conflict"


def flash(message: str) -> None:
    """A message shown once, after the rerun that follows a successful change."""
    st.session_state[FLASH_KEY] = message


def finish(form: str, saved: Saved | None) -> None:
    """Rerun after a button's change: a saved one reads the record afresh (its new
    version); a refused one shows its messages beside the fields, the input kept."""
    if saved:
        st.session_state.pop(f"base_version_{form}", None)
    st.rerun()


def show_flash() -> None:
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(message, icon=":material/check_circle:")


def _attempt(form: str, change) -> Saved | None:
    """Run a change; on refusal keep the form as typed and say why."""
    st.session_state.pop(f"{CONFLICT_KEY}_{form}", None)
    try:
        return change()
    except InvalidRecordError as error:
        set_errors(form, error.errors)
    except ConflictError as error:
        st.session_state[f"{CONFLICT_KEY}_{form}"] = (str(error), error.lines())
    except (NotAllowedError, ImageError) as error:
        set_errors(form, {"": str(error)})
    return None


def show_conflict(form: str, record: EditableRecord) -> None:
    """Say that the record changed meanwhile, what changed, and offer to load it."""
    found = st.session_state.get(f"{CONFLICT_KEY}_{form}")
    if not found:
        return
    message, lines = found
    st.error(message, icon=":material/sync_problem:")
    if lines:
        st.markdown("**Changed meanwhile:**\n" + "\n".join(f"- {line}" for line in lines))
    if st.button("Load the current version (discards your edits)", key=f"reload_{form}"):
        load_form(form, record.kind, record.state, record.version)
        st.session_state.pop(f"{CONFLICT_KEY}_{form}", None)
        st.rerun()


def save(form: str, kind: str, user: User, record_id: int | None) -> Saved | None:
    values = form_values(form, kind)
    if record_id is None:
        saved = _attempt(form, lambda: editing.create_record(engine(), user, kind, values, now()))
    else:
        saved = _attempt(
            form,
            lambda: editing.update_record(
                engine(), user, kind, record_id, base_version(form), values, now()
            ),
        )
    if saved:
        flash(f"Saved “{saved.label}” (version {saved.version}).")
    return saved


def delete_or_undelete(form: str, user: User, record: EditableRecord) -> Saved | None:
    action = editing.undelete_record if record.state["deleted"] else editing.delete_record
    saved = _attempt(
        form,
        lambda: action(engine(), user, record.kind, record.record_id, base_version(form), now()),
    )
    if saved:
        flash(("Restored" if record.state["deleted"] else "Deleted") + f" “{saved.label}”.")
    return saved


def review_panel(form: str, user: User, record: EditableRecord) -> None:
    """The practice's review state, the last comment, and the actions `user` may take."""
    state = record.state["review_state"]
    st.markdown(f"**Review:** {review.STATE_LABELS[state]}")
    if record.review_comment:
        st.info(f"Comment: {record.review_comment}", icon=":material/comment:")
    actions = review.allowed_actions(user, state)
    if not actions:
        if state == review.IN_REVIEW:
            st.caption("Waiting for an admin to publish it or send it back.")
        return
    comment = st.text_input("Comment (needed to send back)", key=f"review_comment_{form}")
    for column, action in zip(st.columns(len(actions)), actions, strict=True):
        if column.button(review.ACTION_LABELS[action], key=f"review_{action}_{form}"):
            saved = _attempt(
                form,
                lambda action=action: editing.move_practice(
                    engine(), user, record.record_id, base_version(form), action, now(), comment
                ),
            )
            if saved:
                flash(f"{review.ACTION_LABELS[action]}: done (version {saved.version}).")
            finish(form, saved)
    return


def images_panel(form: str, user: User, record: EditableRecord) -> None:
    """The practice's images; upload one (checked and stored by content hash) or remove."""
    images = list(record.state.get("images", []))
    for position, image in enumerate(images):
        stored = image_bytes(engine(), image["sha256"])
        left, right = st.columns([4, 1])
        if stored:
            left.image(stored[1], caption=image.get("caption") or None, width=240)
        if right.button("Remove", key=f"image_remove_{position}_{form}"):
            rest = images[:position] + images[position + 1 :]
            finish(form, _set_images(form, user, record, rest, "Image removed."))
    upload = st.file_uploader(
        "Add an image (JPEG, PNG or WebP, at most 5 MB)",
        type=["jpg", "jpeg", "png", "webp"],
        key=f"image_upload_{form}",
    )
    caption = st.text_input("Caption", key=f"image_caption_{form}")
    if upload is not None and st.button("Add image", key=f"image_add_{form}"):
        try:
            digest = store_image(engine(), upload.getvalue(), now())
        except ImageError as error:
            set_errors(form, {"": f"{upload.name}: {error}"})
            finish(form, None)
        if any(image["sha256"] == digest for image in images):
            set_errors(form, {"": "this image is attached already"})
            finish(form, None)
        added = [*images, {"sha256": digest, "caption": caption.strip() or None}]
        finish(form, _set_images(form, user, record, added, "Image added."))


def _set_images(
    form: str, user: User, record: EditableRecord, images: list[dict], message: str
) -> Saved | None:
    saved = _attempt(
        form,
        lambda: editing.set_practice_images(
            engine(), user, record.record_id, base_version(form), images, now()
        ),
    )
    if saved:
        flash(message)
    return saved
