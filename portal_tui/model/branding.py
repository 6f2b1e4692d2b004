"""The Branding tab: logo, icon, colors, font, shapes, and whose brand Connect charges use."""

from typing import Literal, get_args

from pydantic import BaseModel, ValidationInfo, model_validator

from .brand import ImageError, ImageInspector, image_problems
from .fields import Color, OneLine, setting
from .meta import Kind, Tab
from .rules import Broken, fail_if
from .sections import STRICT

Font = Literal[
    "default",
    "be_vietnam_pro",
    "bitter",
    "chakra_petch",
    "hahmlet",
    "inconsolata",
    "inter",
    "lato",
    "lora",
    "m_plus_1_code",
    "montserrat",
    "noto_sans",
    "noto_sans_jp",
    "noto_serif",
    "nunito",
    "open_sans",
    "pridi",
    "pt_sans",
    "pt_serif",
    "raleway",
    "roboto",
    "roboto_slab",
    "source_sans_pro",
    "titillium_web",
    "ubuntu_mono",
    "zen_maru_gothic",
]


def font_words(font: str) -> str:
    """A font's name as the Dashboard writes it: "m_plus_1_code" is "M PLUS 1 Code"."""
    if font == "default":
        return "Default font"
    special = {"pt": "PT", "jp": "JP", "m": "M", "plus": "PLUS"}
    return " ".join(special.get(word, word.capitalize()) for word in font.split("_"))


_BRANDING = "Dashboard: Settings > Branding"


class Branding(BaseModel):
    """Dashboard "Customize branding": account-level, not in the configuration API."""

    model_config = STRICT
    logo: OneLine = setting(
        "",
        "Logo",
        "A file_ ID, or the path of a PNG or JPG under 512 KB and at least 128x128 px "
        "(~ expands; relative to the profile's folder).",
        Tab.BRANDING,
        text=Kind.IMAGE,
        elsewhere=_BRANDING,
    )
    icon: OneLine = setting(
        "",
        "Icon",
        "A file_ ID, or the path of a square PNG or JPG under 512 KB and at least 128x128 px.",
        Tab.BRANDING,
        text=Kind.IMAGE,
        elsewhere=_BRANDING,
    )
    background_color: Color = setting(
        "",
        "Background color",
        "The portal's background, \"#rrggbb\". Empty: the account's default.",
        Tab.BRANDING,
        text=Kind.COLOR,
        elsewhere=_BRANDING,
    )
    button_color: Color = setting(
        "",
        "Button color",
        'The color of buttons, "#rrggbb". Empty: the account\'s default.',
        Tab.BRANDING,
        text=Kind.COLOR,
        elsewhere=_BRANDING,
    )
    font: Font = setting(
        "default",
        "Font",
        "The typeface of the portal's text.",
        Tab.BRANDING,
        elsewhere=_BRANDING,
        words={font: font_words(font) for font in get_args(Font)},
    )
    shapes: Literal["rounded", "rectangular", "pill"] = setting(
        "rounded",
        "Shapes",
        "The shape of buttons and fields: rounded, rectangular or pill.",
        Tab.BRANDING,
        elsewhere=_BRANDING,
        words={"rounded": "Rounded", "rectangular": "Rectangular", "pill": "Pill"},
    )
    connect_charges: Literal["none", "direct", "destination_on_behalf_of", "destination", "separate"] = setting(
        "none",
        "Connect charges",
        "For Connect platforms: the charge type decides whose brand the portal shows. Direct "
        "charges and destination charges with on_behalf_of use the connected account's brand; "
        "other charges use the platform's.",
        Tab.BRANDING,
        elsewhere="your Connect integration (charge type)",
        words={
            "none": "Not a Connect platform",
            "direct": "Direct charges",
            "destination_on_behalf_of": "Destination charges with on_behalf_of",
            "destination": "Destination charges",
            "separate": "Separate charges and transfers",
        },
    )

    @model_validator(mode="after")
    def _images(self, info: ValidationInfo) -> "Branding":
        inspect: ImageInspector | None = (info.context or {}).get("images")
        broken = []
        for name, square in (("logo", False), ("icon", True)):
            ref: str = getattr(self, name)
            if not ref or ref.startswith("file_"):
                continue
            if inspect is None:
                continue
            try:
                image = inspect(ref)
            except ImageError as exc:
                broken.append(Broken((name,), "image_unreadable", str(exc)))
                continue
            broken += [Broken((name,), "image_rule", msg) for msg in image_problems(image, square)]
        fail_if(self, broken)
        return self
