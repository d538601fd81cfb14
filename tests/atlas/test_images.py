"""Images are recognised by their bytes and limited in size."""

from __future__ import annotations

import pytest

from atlas.images import MAX_IMAGE_BYTES, ImageError, check_image

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (PNG, "image/png"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 32, "image/jpeg"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32, "image/webp"),
    ],
)
def test_jpeg_png_and_webp_are_recognised_by_their_bytes(data: bytes, content_type: str) -> None:
    assert check_image(data) == content_type


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"GIF89a" + b"\x00" * 32, "only JPEG, PNG and WebP"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "only JPEG, PNG and WebP"),
        (b"", "empty"),
        (PNG + b"\x00" * MAX_IMAGE_BYTES, "at most 5 MB"),
    ],
)
def test_other_files_and_oversized_images_are_refused_with_the_reason(
    data: bytes, said: str
) -> None:
    with pytest.raises(ImageError, match=said):
        check_image(data)
