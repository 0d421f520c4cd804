"""Package body dimensions (mm) from a part or footprint name, until the component library
(``library_data/``, the component issue) provides real package data.

Names that carry their size the KiCad way (``QFN-32-1EP_5x5mm``, ``BGA-256_17.0x17.0mm``,
``..._10x10x1.2mm``) give it; chip sizes (0402, 0603, 0805, 1206, metric 1005, 1608...) and a
few named outlines are known; the height defaults per family. Anything else is an error naming
the line, never a guess.
"""

from __future__ import annotations

import re

# family prefix -> default body height (mm), for names that carry only length x width
HEIGHTS = {"BGA": 1.2, "QFN": 0.9, "DFN": 0.9, "LGA": 1.0, "QFP": 1.4, "LQFP": 1.4,
           "TQFP": 1.0, "SOIC": 1.5, "SO": 1.5, "SSOP": 1.5, "TSSOP": 1.1, "MSOP": 1.0}
CHIPS = {"0402": (1.0, 0.5, 0.35), "0603": (1.6, 0.8, 0.45), "0805": (2.0, 1.25, 0.5),
         "1206": (3.2, 1.6, 0.55), "1210": (3.2, 2.5, 0.55), "2512": (6.3, 3.2, 0.6)}
METRIC_CHIPS = {"1005": "0402", "1608": "0603", "2012": "0805", "3216": "1206",
                "3225": "1210", "6332": "2512"}
# named outlines: (length, width, height) of the moulded body (JEDEC outlines, nominal)
OUTLINES = {"SOT-23": (2.9, 1.3, 1.1), "SOT-223": (6.5, 3.5, 1.6), "TO-252": (6.6, 6.1, 2.3),
            "TO-263": (10.2, 9.2, 4.5), "TO-220": (10.0, 9.2, 4.5)}

_SIZE = re.compile(r"(\d+(?:\.\d+)?)x(\d+(?:\.\d+)?)(?:x(\d+(?:\.\d+)?))?mm", re.IGNORECASE)


def package_size(name: str) -> tuple[float, float, float]:
    """(length, width, height) in mm of the package a part/footprint name describes."""
    upper = name.upper()
    for outline, size in sorted(OUTLINES.items(), key=lambda kv: -len(kv[0])):
        if outline in upper:
            return size
    match = _SIZE.search(name)
    if match:
        length, width = float(match.group(1)), float(match.group(2))
        if match.group(3):
            return length, width, float(match.group(3))
        family = re.match(r"[A-Z]+", upper.replace("-", ""))
        for prefix in sorted(HEIGHTS, key=len, reverse=True):
            if family and family.group(0).startswith(prefix):
                return length, width, HEIGHTS[prefix]
        raise ValueError(f"{name!r}: no default height for this package family; give the "
                         "size as LxWxHmm")
    for code in re.findall(r"(?<!\d)(\d{4})(?!\d)", name):
        code = METRIC_CHIPS.get(code, code) if "METRIC" in upper else code
        if code in CHIPS:
            return CHIPS[code]
    raise ValueError(f"{name!r}: unknown package size (name it with its size, e.g. "
                     "QFN-32_5x5mm or 10x10x1.2mm)")
