"""Images of good practices: only JPEG, PNG and WebP that decode as such (the file name
does not count), at most MAX_IMAGE_BYTES and MAX_IMAGE_PIXELS, stored once under their
SHA-256."""

from __future__ import annotations

import hashlib
import io
import warnings
from datetime import datetime

from PIL import Image, UnidentifiedImageError
from sqlalchemy import Engine, select

from atlas.accounts import User, can_edit
from atlas.i18n import N_, Message
from atlas.store import session_scope
from atlas.tables import BlobRow

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
"""Width × height: a small file that would decode to more is refused (decompression bomb)."""
_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


class ImageError(ValueError):
    """The file is not an image the atlas accepts."""


def image_type(data: bytes) -> str:
    """The content type of bytes that decode as a JPEG, PNG or WebP image; ImageError for
    anything else, a damaged image included."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                kind = image.format
                width, height = image.size
                image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ImageError(
            Message(
                N_(
                    "only JPEG, PNG and WebP images are accepted; this file is none of them, or "
                    "damaged"
                )
            )
        ) from None
    except (OSError, SyntaxError, ValueError) as error:
        raise ImageError(Message(N_("the image is damaged ({error})"), error=str(error))) from None
    if kind not in _TYPES:
        raise ImageError(Message(N_("only JPEG, PNG and WebP images are accepted")))
    if width * height > MAX_IMAGE_PIXELS:
        raise ImageError(
            Message(
                N_("the image is {width} × {height} pixels; at most 40 megapixels"),
                width=str(width),
                height=str(height),
            )
        )
    return _TYPES[kind]


def check_image(data: bytes) -> str:
    """The content type of an acceptable image; ImageError says why one is refused."""
    if not data:
        raise ImageError(Message(N_("the file is empty")))
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageError(
            Message(
                N_("the image is {size} MB; at most {most} MB are accepted"),
                size=f"{len(data) / 1048576:.1f}",
                most=str(MAX_IMAGE_BYTES // 1048576),
            )
        )
    return image_type(data)


def store_image(engine: Engine, actor: User | None, data: bytes, now: datetime) -> str:
    """Check and store an image for staff; returns its SHA-256 (hex). The same bytes are
    kept once. A practice shows it once `atlas.editing.set_practice_images` says so."""
    if not can_edit(actor):
        raise ImageError(Message(N_("only a logged-in editor or admin may upload images")))
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
