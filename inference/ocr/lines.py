"""Line images with transcripts: a built-in set, and any folder a user supplies.

The built-in set renders ~20 short English lines with handwriting-style fonts from
Debian's font packages (one font per line, in turn), black ink on white, as PNGs with a
same-name .txt transcript, so the set is itself a folder in the user format:

- `<name>.png` (or .jpg, .jpeg, .tif, .tiff, .bmp, .webp) beside `<name>.txt` or
  `<name>.gt.txt` holding the transcript; or
- a `transcripts.tsv` of `file<TAB>transcript` rows (file relative to the folder).
"""

from __future__ import annotations

import csv
import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FONT_ROOT = Path("/usr/share/fonts")
# file name -> the Debian package that ships it (fonts with real lower-case letters only)
FONTS = {
    "dkg.ttf": "fonts-dkg-handwriting",
    "Breip.ttf": "fonts-breip",
    "femkeklaver.ttf": "fonts-femkeklaver",
    "DancingScript-Regular.otf": "fonts-dancingscript",
    "Rufscript010.ttf": "fonts-rufscript",
    "Kristi.ttf": "fonts-kristi",
}
LINES = (
    "The quick brown fox jumps over the lazy dog",
    "Meet me at the station at half past nine",
    "Please send the invoice by Friday",
    "Grandmother kept her recipes in a blue notebook",
    "The meeting moved to room 214",
    "Buy milk, eggs and fresh bread",
    "Call Anna before the train leaves",
    "Our garden needs rain this week",
    "The river was calm in the morning",
    "Remember to water the tomatoes",
    "He signed the letter with a smile",
    "Twelve chairs were stacked by the door",
    "The library closes at six on Sundays",
    "She wrote the address on the envelope",
    "Lunch is ready in the kitchen",
    "Bring an umbrella and a warm coat",
    "The children painted a yellow boat",
    "Dinner for four people at eight",
    "Thank you for the lovely flowers",
    "The old clock stopped at midnight",
)
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp")


class LinesUnavailable(Exception):
    """No line images: no handwriting font installed, or a folder without transcripts."""


@dataclass(frozen=True)
class LineSample:
    """One line image and what it says (`font` is empty for a user's images)."""

    image: Path
    text: str
    font: str = ""


@lru_cache(maxsize=1)
def available_fonts() -> tuple[Path, ...]:
    """The handwriting fonts installed, in the order of `FONTS`."""
    found = {p.name: p for p in FONT_ROOT.rglob("*") if p.name in FONTS} if FONT_ROOT.is_dir(
    ) else {}
    return tuple(found[name] for name in FONTS if name in found)


def builtin_lines(folder: Path, *, limit: int | None = None, size: int = 48) -> list[LineSample]:
    """Render the built-in lines into `folder` (reused when already rendered) and return them.

    Raises:
        LinesUnavailable: none of the handwriting fonts is installed.
    """
    from PIL import Image, ImageDraw, ImageFont

    fonts = available_fonts()
    if not fonts:
        raise LinesUnavailable("no handwriting font installed; apt-get install "
                               + " ".join(sorted(set(FONTS.values()))))
    folder.mkdir(parents=True, exist_ok=True)
    samples = []
    for index, text in enumerate(LINES[:limit]):
        font_path = fonts[index % len(fonts)]
        key = hashlib.sha256(f"{text}|{font_path}|{size}".encode()).hexdigest()[:10]
        image = folder / f"line{index:02d}-{key}.png"
        if not image.is_file():
            font = ImageFont.truetype(str(font_path), size)
            left, top, right, bottom = (int(v) for v in font.getbbox(text))
            pad_x, pad_y = size // 2, size // 4     # tight around the line, as line crops are
            canvas = Image.new("L", (right - left + 2 * pad_x, bottom - top + 2 * pad_y), 255)
            ImageDraw.Draw(canvas).text((pad_x - left, pad_y - top), text, font=font, fill=0)
            image.with_suffix(".txt").write_text(text + "\n", encoding="utf-8")
            partial = image.with_suffix(f".{os.getpid()}.partial")
            canvas.save(partial, format="PNG")
            os.replace(partial, image)      # readers never see half a file
        samples.append(LineSample(image, text, font_path.name))
    return samples


def read_line_folder(folder: Path, *, limit: int | None = None) -> list[LineSample]:
    """The line images of a user's folder with their transcripts (see the module doc).

    Raises:
        LinesUnavailable: the folder holds no image with a transcript.
    """
    folder = Path(folder)
    table = folder / "transcripts.tsv"
    samples: list[LineSample] = []
    if table.is_file():
        with table.open(encoding="utf-8", newline="") as rows:
            for row in csv.reader(rows, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(row) >= 2 and (folder / row[0]).is_file():
                    samples.append(LineSample(folder / row[0], "\t".join(row[1:]).strip()))
    else:
        for image in sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES):
            for transcript in (image.with_suffix(".gt.txt"), image.with_suffix(".txt")):
                if transcript.is_file():
                    text = transcript.read_text(encoding="utf-8").strip()
                    samples.append(LineSample(image, text))
                    break
    if not samples:
        raise LinesUnavailable(f"{folder} holds no line image with a transcript (<name>.png "
                               "beside <name>.txt or <name>.gt.txt, or a transcripts.tsv)")
    return samples[:limit]
