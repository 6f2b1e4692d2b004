"""What the branding rules and the editor know of brands: image limits and Connect's brands (pure)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

IMAGE_MAX_BYTES = 512 * 1024
IMAGE_MIN_PX = 128


@dataclass(frozen=True)
class ImageInfo:
    """What the rules need to know of an image file."""

    format: str  # "png" or "jpeg"
    width: int
    height: int
    size: int


class ImageError(ValueError):
    """An image reference that cannot be used; the message names the path."""


ImageInspector = Callable[[str], ImageInfo]
"""Reads the image a logo/icon value points at (raising ImageError): given by the store,
so the model stays free of I/O. Pass it as validation context {"images": inspector}."""


def image_problems(image: ImageInfo, square: bool) -> list[str]:
    """Why an image cannot be the portal's logo or icon (empty when it can)."""
    problems = []
    if image.format not in ("png", "jpeg"):
        problems.append("must be a PNG or JPEG image")
    if image.size >= IMAGE_MAX_BYTES:
        problems.append(f"is {image.size // 1024} KB; it must be under 512 KB")
    if min(image.width, image.height) < IMAGE_MIN_PX:
        problems.append(f"is {image.width}x{image.height} px; it must be at least 128x128 px")
    if square and image.width != image.height:
        problems.append(f"is {image.width}x{image.height} px; an icon must be square")
    return problems


CONNECT_BRANDS = {
    "none": "Not a Connect platform: the portal shows your own brand.",
    "direct": "Direct charges: the portal shows the connected account's brand.",
    "destination_on_behalf_of": (
        "Destination charges with on_behalf_of: the portal shows the connected account's brand."
    ),
    "destination": "Destination charges: the portal shows your (the platform's) brand.",
    "separate": "Separate charges and transfers: the portal shows your (the platform's) brand.",
}
"""Whose brand the portal shows for each kind of Connect charge (the seed's Branding with Connect)."""
