"""Pictures in the body: a PNG placed inline in its own paragraph (the signature).

A Word picture is a `w:drawing` holding a DrawingML inline frame whose `a:blip` points
through a relationship at an image part. It is sized here from the PNG's pixels and
resolution, and never drawn larger than a signature's space on the page.
"""

from __future__ import annotations

from drafter.export.docx.xml import attr
from drafter.images import PngImage

WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC_NS = "http://schemas.openxmlformats.org/drawingml/2006/picture"
EMU_PER_INCH = 914400
EMU_PER_CM = 360000
MAX_WIDTH = 6 * EMU_PER_CM
MAX_HEIGHT = 2 * EMU_PER_CM


def picture_size(image: PngImage) -> tuple[int, int]:
    """The picture's width and height in EMU: its own size, scaled down to fit the space."""
    width = image.width / image.dpi_x * EMU_PER_INCH
    height = image.height / image.dpi_y * EMU_PER_INCH
    scale = min(1.0, MAX_WIDTH / width, MAX_HEIGHT / height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def inline_picture(rel_id: str, image: PngImage, *, name: str, description: str) -> str:
    """A run holding the picture `rel_id` names, with `description` as its alt text."""
    cx, cy = picture_size(image)
    descr = attr(description)
    return (
        "<w:r><w:drawing>"
        f'<wp:inline xmlns:wp="{WP_NS}" distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="1" name="{attr(name)}" descr="{descr}"/>'
        f'<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="{A_NS}" noChangeAspect="1"/>'
        "</wp:cNvGraphicFramePr>"
        f'<a:graphic xmlns:a="{A_NS}"><a:graphicData uri="{PIC_NS}">'
        f'<pic:pic xmlns:pic="{PIC_NS}"><pic:nvPicPr>'
        f'<pic:cNvPr id="0" name="{attr(name)}" descr="{descr}"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip r:embed="{attr(rel_id)}"/><a:stretch><a:fillRect/></a:stretch>'
        "</pic:blipFill>"
        f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
        "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )
