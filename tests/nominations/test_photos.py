"""Photos (issue #15): every stored size looks as the original does in a colour-managed viewer,
whatever its mode, bit depth or embedded ICC profile, and carries no metadata at all.

Every input file is made here with Pillow; the ICC profiles are written byte by byte (ICC v2:
a matrix/curve RGB profile and a CMYK profile with a lookup table).
"""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image, ImageCms, ImageStat
from PIL.PngImagePlugin import PngInfo

from nominations.files import images
from tests.nominations.conftest import upload

SIZES = ("original", "medium", "thumb")


# --- ICC profiles, by hand ----------------------------------------------------------------


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz(x: float, y: float, z: float) -> bytes:
    return b"XYZ " + bytes(4) + _s15(x) + _s15(y) + _s15(z)


def _desc(text: bytes) -> bytes:
    return (
        b"desc"
        + bytes(4)
        + struct.pack(">I", len(text) + 1)
        + text
        + b"\0"
        + struct.pack(">IIHB", 0, 0, 0, 0)
        + bytes(67)
    )


def _gamma(value: float) -> bytes:
    return b"curv" + bytes(4) + struct.pack(">IH", 1, round(value * 256)) + bytes(2)


def _srgb_curve() -> bytes:
    params = (2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045)
    return b"para" + bytes(4) + struct.pack(">HH", 3, 0) + b"".join(_s15(p) for p in params)


def icc_profile(device_class: bytes, space: bytes, pcs: bytes, tags: dict[bytes, bytes]) -> bytes:
    """An ICC v2 profile holding ``tags`` (signature → tag bytes)."""
    table_size = 4 + 12 * len(tags)
    offset = 128 + table_size
    table, data = [], b""
    for signature, body in tags.items():
        body += bytes(-len(body) % 4)
        table.append(struct.pack(">4sII", signature, offset + len(data), len(body)))
        data += body
    size = 128 + table_size + len(data)
    header = (
        struct.pack(">I4sI4s4s4s", size, b"lcms", 0x02100000, device_class, space, pcs)
        + bytes(12)
        + b"acsp"
        + bytes(24)
        + struct.pack(">I", 0)
        + _s15(0.9642)
        + _s15(1.0)
        + _s15(0.8249)
    )
    header += bytes(128 - len(header))
    return header + struct.pack(">I", len(tags)) + b"".join(table) + data


def rgb_profile(name: bytes, colorants: list[tuple[float, float, float]], curve: bytes) -> bytes:
    """A display profile: D50-adapted colorants (red, green, blue) and one tone curve."""
    red, green, blue = colorants
    return icc_profile(
        b"mntr",
        b"RGB ",
        b"XYZ ",
        {
            b"desc": _desc(name),
            b"wtpt": _xyz(0.9642, 1.0, 0.8249),
            b"rXYZ": _xyz(*red),
            b"gXYZ": _xyz(*green),
            b"bXYZ": _xyz(*blue),
            b"rTRC": curve,
            b"gTRC": curve,
            b"bTRC": curve,
        },
    )


ADOBE_RGB = rgb_profile(
    b"Adobe RGB (1998) test",
    [
        (0.6097559, 0.3111242, 0.0194811),
        (0.2052401, 0.6256560, 0.0608902),
        (0.1492240, 0.0632197, 0.7448387),
    ],
    _gamma(563 / 256),
)
DISPLAY_P3 = rgb_profile(
    b"Display P3 test",
    [
        (0.515102, 0.241196, -0.001053),
        (0.291965, 0.692236, 0.041881),
        (0.157153, 0.066561, 0.784378),
    ],
    _srgb_curve(),
)


def grey_press_profile() -> bytes:
    """A CMYK press profile under which every ink mix prints as neutral grey L* = 50."""
    clut = bytes([128, 128, 128]) * 16  # 2 grid points on 4 inputs: Lab (50.2, 0, 0) everywhere
    lut = (
        b"mft1"
        + bytes(4)
        + bytes([4, 3, 2, 0])
        + b"".join(_s15(v) for v in (1, 0, 0, 0, 1, 0, 0, 0, 1))
        + bytes(range(256)) * 4
        + clut
        + bytes(range(256)) * 3
    )
    return icc_profile(
        b"prtr",
        b"CMYK",
        b"Lab ",
        {b"desc": _desc(b"Grey press test"), b"wtpt": _xyz(0.9642, 1.0, 0.8249), b"A2B0": lut},
    )


# --- Colour maths of the references (independent of LittleCMS) ------------------------------

XYZ_TO_SRGB = [
    (3.2404542, -1.5371385, -0.4985314),
    (-0.9692660, 1.8760108, 0.0415560),
    (0.0556434, -0.2040259, 1.0572252),
]
ADOBE_TO_XYZ = [
    (0.5767309, 0.1855540, 0.1881852),
    (0.2973769, 0.6273491, 0.0752741),
    (0.0270343, 0.0706872, 0.9911085),
]
P3_TO_XYZ = [
    (0.4865709, 0.2656677, 0.1982173),
    (0.2289746, 0.6917385, 0.0792869),
    (0.0000000, 0.0451134, 1.0439444),
]


def _srgb_decode(v: float) -> float:
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def _srgb_encode(v: float) -> int:
    v = min(max(v, 0.0), 1.0)
    out = 12.92 * v if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055
    return round(out * 255)


def _mul(matrix: list[tuple[float, float, float]], vector: list[float]) -> list[float]:
    return [sum(m * v for m, v in zip(row, vector, strict=True)) for row in matrix]


def expected_srgb(rgb: tuple[int, int, int], space: str) -> tuple[int, ...]:
    """What a colour-managed viewer shows for ``rgb`` in Adobe RGB or Display P3 (D65 maths)."""
    if space == "adobe":
        linear = [(c / 255) ** (563 / 256) for c in rgb]
        matrix = ADOBE_TO_XYZ
    else:
        linear = [_srgb_decode(c / 255) for c in rgb]
        matrix = P3_TO_XYZ
    return tuple(_srgb_encode(v) for v in _mul(XYZ_TO_SRGB, _mul(matrix, linear)))


# --- Helpers ----------------------------------------------------------------------------


def _save(image: Image.Image, fmt: str, **params) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **params)
    return buffer.getvalue()


def _stored(data: bytes) -> dict[str, Image.Image]:
    processed = images.process_photo(upload("anh", data))
    out = {}
    for size in SIZES:
        image = Image.open(io.BytesIO(getattr(processed, size).read()))
        image.load()
        out[size] = image
    return out


def _mean_rgb(image: Image.Image) -> tuple[float, ...]:
    return tuple(ImageStat.Stat(image.convert("RGB")).mean)


def _close(actual: tuple[float, ...], expected: tuple[float, ...], tolerance: float) -> bool:
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=True))


def _markers(jpeg: bytes) -> list[bytes]:
    """The marker segments of a JPEG up to the start of scan: [b'\\xd8', b'\\xe0', …]."""
    assert jpeg[:2] == b"\xff\xd8"
    found, pos = [b"\xd8"], 2
    while pos < len(jpeg):
        assert jpeg[pos] == 0xFF
        marker = jpeg[pos + 1 : pos + 2]
        found.append(marker)
        if marker == b"\xda":
            return found
        (length,) = struct.unpack(">H", jpeg[pos + 2 : pos + 4])
        if marker == b"\xe0":
            assert jpeg[pos + 4 : pos + 9] == b"JFIF\0"  # APP0 may only be the JFIF header
        pos += 2 + length
    raise AssertionError("no start of scan")


# --- The example: a 16-bit greyscale scan ----------------------------------------


def sixteen_bit_portrait() -> tuple[bytes, float]:
    """A 600×800 16-bit greyscale PNG (top to bottom dark to light, a lighter face in the middle),
    and its mean brightness on the 0–255 scale."""
    image = Image.linear_gradient("L").resize((600, 800)).convert("I")
    face = Image.new("I", (240, 300), 200)
    image.paste(face, (180, 200))
    image = image.point(lambda v: v * 257).convert("I;16")
    data = _save(image, "PNG")
    assert Image.open(io.BytesIO(data)).mode == "I;16"
    samples = list(image.get_flattened_data())
    mean = sum(samples) / len(samples) / 257
    return data, mean


def test_sixteen_bit_greyscale_scan_keeps_its_brightness_in_every_size():
    """Issue #15: a 16-bit greyscale PNG portrait was stored 99.6 % white in every size."""
    data, original_mean = sixteen_bit_portrait()
    assert 100 < original_mean < 160
    for size, image in _stored(data).items():
        grey = image.convert("L")
        mean = ImageStat.Stat(grey).mean[0]
        assert abs(mean - original_mean) < 3, (size, mean, original_mean)
        histogram = grey.histogram()
        assert histogram[255] / sum(histogram) < 0.01, size  # not 99.6 % white
        assert grey.getextrema()[0] < 10  # the dark top is still dark


@pytest.mark.parametrize("mode", ["I;16", "I;16B", "I"])
def test_sixteen_bit_samples_are_scaled_not_clipped(mode):
    image = (
        Image.new("I", (4, 4), 40000).convert(mode)
        if mode != "I"
        else Image.new("I", (4, 4), 40000)
    )
    assert images._to_srgb(image, None).getpixel((0, 0)) == (156, 156, 156)  # 40000 / 257


# --- Every Pillow mode ----------------------------------------------------------------------


def _palette_image(transparent: bool) -> Image.Image:
    image = Image.new("P", (16, 16), 1)
    image.putpalette([0, 0, 0, 30, 90, 200] + [0] * 762)
    if transparent:
        image.info["transparency"] = 0
        image.paste(0, (0, 0, 8, 16))
    return image


MODES = {
    # mode: (image, the sRGB colour it shows on white)
    "1": (Image.new("1", (16, 16), 1), (255, 255, 255)),
    "L": (Image.new("L", (16, 16), 90), (90, 90, 90)),
    "LA": (Image.new("LA", (16, 16), (0, 0)), (255, 255, 255)),
    "P": (_palette_image(False), (30, 90, 200)),
    "RGB": (Image.new("RGB", (16, 16), (30, 90, 200)), (30, 90, 200)),
    "RGBA": (Image.new("RGBA", (16, 16), (0, 0, 0, 0)), (255, 255, 255)),
    "CMYK": (Image.new("CMYK", (16, 16), (255, 0, 0, 0)), (0, 255, 255)),
    "YCbCr": (Image.new("RGB", (16, 16), (30, 90, 200)).convert("YCbCr"), (30, 90, 200)),
    "HSV": (Image.new("RGB", (16, 16), (30, 90, 200)).convert("HSV"), (30, 90, 200)),
    "F": (Image.new("F", (16, 16), 90.4), (90, 90, 90)),
}


@pytest.mark.parametrize("mode", list(MODES))
def test_every_mode_becomes_srgb(mode):
    image, colour = MODES[mode]
    assert image.mode == mode
    result = images._flattened(images._to_srgb(image, None))
    assert result.mode == "RGB"
    assert _close(_mean_rgb(result), colour, 2), (_mean_rgb(result), colour)


def test_lab_pixels_are_converted_by_colour_science():
    lab = ImageCms.applyTransform(
        Image.new("RGB", (4, 4), (120, 130, 140)),
        ImageCms.buildTransform(
            ImageCms.createProfile("sRGB"), ImageCms.createProfile("LAB"), "RGB", "LAB"
        ),
    )
    assert lab.mode == "LAB"
    assert _close(images._to_srgb(lab, None).getpixel((0, 0)), (120, 130, 140), 2)


def test_palette_transparency_and_alpha_flatten_on_white():
    half = images._flattened(images._to_srgb(_palette_image(True), None))
    assert half.getpixel((2, 2)) == (255, 255, 255)
    assert half.getpixel((12, 2)) == (30, 90, 200)
    grey_alpha = Image.new("LA", (4, 4), (0, 128))
    assert _close(
        images._flattened(images._to_srgb(grey_alpha, None)).getpixel((0, 0)), (127, 127, 127), 1
    )


@pytest.mark.parametrize(
    ("mode", "background", "subject", "shown"),
    [
        ("RGB", (0, 0, 0), (200, 30, 30), (200, 30, 30)),
        ("L", 0, 200, (200, 200, 200)),
        ("I;16", 0, 51400, (200, 200, 200)),  # a 16-bit scan: 51400 / 257 = 200
    ],
)
def test_a_png_colour_key_tRNS_is_transparent_on_white(mode, background, subject, shown):
    """A PNG without alpha may name one colour transparent (tRNS). Was: only palette images
    honoured it; an RGB, grey or 16-bit grey background was stored black, not white."""
    image = Image.new(mode, (60, 60), background)
    image.paste(Image.new(mode, (30, 30), subject), (15, 15))
    data = _save(image, "PNG", transparency=background)
    for size, stored in _stored(data).items():
        corner, centre = stored.getpixel((1, 1)), stored.getpixel(_centre(stored))
        assert _close(corner, (255, 255, 255), 3), (size, corner)
        assert _close(centre, shown, 4), (size, centre)


def _centre(image: Image.Image) -> tuple[int, int]:
    return image.width // 2, image.height // 2


@pytest.mark.parametrize(
    ("label", "image", "fmt", "colour"),
    [
        ("1-bit PNG", Image.new("1", (40, 30), 0), "PNG", (0, 0, 0)),
        ("grey+alpha PNG", Image.new("LA", (40, 30), (60, 255)), "PNG", (60, 60, 60)),
        ("palette PNG", _palette_image(False), "PNG", (30, 90, 200)),
        ("palette PNG, transparent", _palette_image(True), "PNG", (142, 172, 228)),
        ("RGBA WebP", Image.new("RGBA", (40, 30), (30, 90, 200, 255)), "WEBP", (30, 90, 200)),
        ("grey JPEG", Image.new("L", (40, 30), 90), "JPEG", (90, 90, 90)),
        ("Adobe CMYK JPEG", Image.new("CMYK", (40, 30), (0, 255, 255, 0)), "JPEG", (255, 0, 0)),
    ],
)
def test_real_files_of_every_kind_look_the_same(label, image, fmt, colour):
    data = _save(image, fmt, **({"lossless": True} if fmt == "WEBP" else {}))
    if label == "Adobe CMYK JPEG":
        assert Image.open(io.BytesIO(data)).info["adobe"]  # inverted samples, Adobe marker
    for size, stored in _stored(data).items():
        assert _close(_mean_rgb(stored), colour, 4), (label, size, _mean_rgb(stored))


# --- Embedded ICC profiles --------------------------------------------------------------


@pytest.mark.parametrize(
    ("space", "profile", "colour"),
    [("adobe", ADOBE_RGB, (200, 100, 50)), ("p3", DISPLAY_P3, (210, 120, 70))],
)
@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_wide_gamut_photos_are_converted_to_srgb(space, profile, colour, fmt):
    want = expected_srgb(colour, space)
    assert not _close(want, colour, 5)  # ignoring the profile would be visibly wrong
    image = Image.new("RGB", (64, 48), colour)
    params = {"quality": 95} if fmt == "JPEG" else {}
    data = _save(image, fmt, icc_profile=profile, **params)
    for size, stored in _stored(data).items():
        assert "icc_profile" not in stored.info
        assert _close(_mean_rgb(stored), want, 3), (space, fmt, size, _mean_rgb(stored), want)


def test_cmyk_jpeg_with_its_press_profile():
    """The profile says every ink mix prints as grey L* 50: a viewer shows grey, not cyan."""
    data = _save(
        Image.new("CMYK", (64, 48), (255, 0, 0, 0)), "JPEG", icc_profile=grey_press_profile()
    )
    for size, stored in _stored(data).items():
        assert _close(_mean_rgb(stored), (119, 119, 119), 3), (size, _mean_rgb(stored))


def _with_png_chunk(png: bytes, kind: bytes, data: bytes) -> bytes:
    """``png`` with one more chunk right after IHDR (8 + 25 bytes)."""
    chunk = struct.pack(">I", len(data)) + kind + data
    return png[:33] + chunk + struct.pack(">I", zlib.crc32(kind + data)) + png[33:]


@pytest.mark.parametrize(
    ("file_gamma", "grey", "shown"),
    [
        (1.0, 128, _srgb_encode(128 / 255)),  # linear samples (scientific and scanner tools): 188
        (1 / 1.8, 128, _srgb_encode((128 / 255) ** 1.8)),  # old Mac gamma: 146
        (0.45455, 128, 128),  # gamma 2.2, as sRGB
    ],
)
def test_a_png_gamma_chunk_is_honoured_as_a_viewer_does(file_gamma, grey, shown):
    """Without iCCP or sRGB chunk, a PNG's gAMA says how its samples are encoded; browsers and
    viewers honour it. Was: the samples were stored as if sRGB (128 shown as 128, not 188)."""
    png = _save(Image.new("L", (40, 30), grey), "PNG")
    data = _with_png_chunk(png, b"gAMA", struct.pack(">I", round(file_gamma * 100_000)))
    for size, stored in _stored(data).items():
        assert _close(_mean_rgb(stored), (shown,) * 3, 2), (size, _mean_rgb(stored), shown)
    # An sRGB chunk wins over gAMA, as in every viewer.
    with_srgb = _with_png_chunk(data, b"sRGB", b"\x00")
    assert _close(_mean_rgb(_stored(with_srgb)["thumb"]), (grey,) * 3, 2)


def test_unusable_profiles_are_ignored_not_fatal():
    rgb = Image.new("RGB", (32, 32), (30, 90, 200))
    for profile in [
        b"not a profile",
        ADOBE_RGB[:200],
        grey_press_profile(),
    ]:  # broken, cut, wrong space
        for stored in _stored(_save(rgb, "PNG", icc_profile=profile)).values():
            assert _close(_mean_rgb(stored), (30, 90, 200), 2)


def test_exif_orientation_applies_to_sixteen_bit_scans_too():
    image = Image.new("I;16", (60, 40), 0)
    image.paste(Image.new("I;16", (30, 40), 65535), (0, 0))  # left half white
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display: the white half goes to the top
    stored = _stored(_save(image, "PNG", exif=exif))["original"].convert("L")
    assert stored.size == (40, 60)
    assert stored.getpixel((20, 5)) > 240 and stored.getpixel((20, 55)) < 15


# --- Nothing of the file's metadata survives ---------------------------------------------------


def _gps_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Camera hãng X"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (21.0, 1.0, 30.0), "E", (105.0, 49.0, 12.0)
    return exif


XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="21,1.5N"/>'
    b"</rdf:RDF></x:xmpmeta>"
)


def _png_with_everything() -> bytes:
    info = PngInfo()
    info.add_text("Author", "Nguyễn Văn A, 0912345678")
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    return _save(
        Image.new("RGB", (64, 48), (30, 90, 200)),
        "PNG",
        pnginfo=info,
        exif=_gps_exif(),
        icc_profile=DISPLAY_P3,
    )


@pytest.mark.parametrize(
    ("label", "data"),
    [
        (
            "JPEG",
            _save(
                Image.new("RGB", (64, 48), (30, 90, 200)),
                "JPEG",
                exif=_gps_exif(),
                xmp=XMP,
                icc_profile=ADOBE_RGB,
                comment="Chụp tại nhà riêng",
            ),
        ),
        ("PNG", _png_with_everything()),
        (
            "WebP",
            _save(
                Image.new("RGB", (64, 48), (30, 90, 200)),
                "WEBP",
                exif=_gps_exif(),
                xmp=XMP,
                icc_profile=DISPLAY_P3,
            ),
        ),
        ("16-bit PNG", _save(Image.new("I;16", (64, 48), 30000), "PNG", exif=_gps_exif())),
    ],
)
def test_no_metadata_survives_in_any_size(label, data):
    source = Image.open(io.BytesIO(data))
    assert source.getexif().get_ifd(0x8825)  # the input has GPS
    for size, stored in _stored(data).items():
        raw = getattr(images.process_photo(upload("anh", data)), size).read()
        assert stored.format == "JPEG"
        # SOI, JFIF header, quantisation and Huffman tables, frame, scan: no APP1 (EXIF, XMP),
        # APP2 (ICC), APP13 (IPTC), APP14 or COM segment.
        assert set(_markers(raw)) <= {b"\xd8", b"\xe0", b"\xdb", b"\xc4", b"\xc2", b"\xda"}, (
            label,
            size,
        )
        assert dict(stored.getexif()) == {}
        for key in ("exif", "icc_profile", "xmp", "comment", "adobe"):
            assert key not in stored.info, (label, size, key)
        for needle in (b"Exif", b"GPS", b"xmpmeta", b"Nguy", b"Camera", b"acsp"):
            assert needle not in raw, (label, size, needle)
