"""Images of good practices: only JPEG, PNG and WebP (recognised by their first bytes, not
by the file name), at most MAX_IMAGE_BYTES, stored once under their SHA-256."""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import Engine, select

from atlas.accounts import User, can_edit
from atlas.store import session_scope
from atlas.tables import BlobRow

MAX_IMAGE_BYTES = 5 * 1024 * 1024
_SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)


class ImageError(ValueError):
    """The file is not an image the atlas accepts."""


def image_type(data: bytes) -> str:
    """The content type of JPEG, PNG or WebP bytes; ImageError for anything else."""
    for signature, content_type in _SIGNATURES:
        if data.startswith(signature):
            return content_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    raise ImageError("only JPEG, PNG and WebP images are accepted")


def check_image(data: bytes) -> str:
    """The content type of an acceptable image; ImageError says why one is refused."""
    if not data:
        raise ImageError("the file is empty")
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageError(
            f"the image is {len(data) / 1048576:.1f} MB; at most "
            f"{MAX_IMAGE_BYTES // 1048576} MB are accepted"
        )
    return image_type(data)


def store_image(engine: Engine, actor: User | None, data: bytes, now: datetime) -> str:
    """Check and store an image for staff; returns its SHA-256 (hex). The same bytes are
    kept once. A practice shows it once `atlas.editing.set_practice_images` says so."""
    if not can_edit(actor):
        raise ImageError("only a logged-in editor or admin may upload images")
    content_type = check_image(data)
    digest = hashlib.sha256(data).hexdigest()
    with session_scope(engine) as session:
        if session.get(BlobRow, digest) is None:
            session.add(
                BlobRow(
                    sha256=digest,
                    content_type=content_type,
                    size=len(data),
                    data=data,
                    created_at=now,
                )
            )
    return digest


def image_bytes(engine: Engine, sha256: str) -> tuple[str, bytes] | None:
    """(content type, bytes) of a stored image, or None."""
    with session_scope(engine) as session:
        row = session.execute(
            select(BlobRow.content_type, BlobRow.data).where(BlobRow.sha256 == sha256)
        ).first()
    return None if row is None else (row[0], row[1])
