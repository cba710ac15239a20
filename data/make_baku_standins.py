"""Generate the stand-in images of the default exhibit, kiosk/exhibits/baku-1920/images/.

The SMPHR's photographs are not ours to reproduce, so each image of the exhibit is a
stand-in plate that names the original's catalogue number. Run from the repository root:

    python data/make_baku_standins.py [--out DIR]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.media.plates import Plate, save_plate
from kiosk.paths import shipped_bundle, shipped_font

FONT = shipped_font("PTSerif-Regular.ttf")
OUT = shipped_bundle() / "images"

PLATES = {
    # The three photographs of the captions panel.
    "f-iii-15332.jpg": Plate(2000, 1400, "group", "SMPHR F.III-15332", figures=3, seed=15332),
    "f-iii-33870.jpg": Plate(1200, 1500, "bust", "SMPHR F.III-33870", seed=33870),
    "f-iii-541.jpg": Plate(2000, 1300, "column", "SMPHR F.III-541", figures=9, seed=541),
    # Portraits cut, as a museum would, from the group photograph F.III-15332.
    "raskolnikov.jpg": Plate(1200, 1500, "bust", "SMPHR F.III-15332 (detail)", seed=1),
    "kirov.jpg": Plate(1200, 1500, "bust", "SMPHR F.III-15332 (detail)", seed=2),
    "ordzhonikidze.jpg": Plate(1200, 1500, "bust", "SMPHR F.III-15332 (detail)", seed=3),
}


def main(argv: list[str] | None = None) -> None:
    """Write every plate."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"folder to write (default {OUT})")
    out: Path = parser.parse_args(argv).out
    for name, plate in PLATES.items():
        save_plate(plate, FONT, out / name)
        print(out / name)


if __name__ == "__main__":
    main()
