"""Images are accepted when they decode as JPEG, PNG or WebP, within size limits."""

from __future__ import annotations

import pytest

from atlas.images import MAX_IMAGE_BYTES, ImageError, check_image
from tests.factories import image_bytes


@pytest.mark.parametrize(
    ("image_format", "content_type"),
    [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("WEBP", "image/webp")],
)
def test_jpeg_png_and_webp_are_accepted_as_what_they_are(
    image_format: str, content_type: str
) -> None:
    assert check_image(image_bytes(image_format)) == content_type


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (image_bytes("GIF"), "only JPEG, PNG and WebP"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "only JPEG, PNG and WebP"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "none of them, or damaged"),  # signature only
        (image_bytes("PNG")[:40], "damaged"),  # cut short
        (b"", "empty"),
        (image_bytes("PNG") + b"\x00" * MAX_IMAGE_BYTES, "at most 5 MB"),
        (image_bytes("PNG", size=(8000, 6000)), "at most 40 megapixels"),
    ],
    ids=["gif", "svg", "signature only", "truncated", "empty", "too large", "too many pixels"],
)
def test_other_files_and_damaged_or_oversized_images_are_refused_with_the_reason(
    data: bytes, said: str
) -> None:
    with pytest.raises(ImageError, match=said):
        check_image(data)
