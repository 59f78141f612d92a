"""Colour science for the accessibility tests: WCAG contrast, colour-vision-deficiency simulation, CIEDE2000.

* :func:`contrast_ratio`: WCAG 2.1's contrast ratio of two sRGB colours (relative luminance, 1 to 21).
* :func:`simulate`: how a colour looks with protanopia, deuteranopia or tritanopia, by the matrices of
  Machado, Oliveira and Fernandes (2009), "A Physiologically-based Model for Simulation of Color Vision
  Deficiency", IEEE TVCG 15(6), at severity 1.0 (the complete dichromacy), applied to linear RGB.
* :func:`delta_e_2000`: the CIEDE2000 colour difference (Sharma, Wu and Dalal 2005) of two sRGB colours
  (D65, through CIELAB).
"""

from __future__ import annotations

import numpy as np
from matplotlib.colors import to_rgb

MACHADO_2009 = {
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779],
                            [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}
"""Machado et al. (2009), table of simulation matrices, severity 1.0: linear RGB in, linear RGB out."""

VISIONS = ["normal", *MACHADO_2009]


def linear(colour) -> np.ndarray:
    """sRGB (a matplotlib colour) to linear RGB, by the sRGB transfer function WCAG uses."""
    c = np.asarray(to_rgb(colour), dtype=float)
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def to_srgb(linear_rgb: np.ndarray) -> tuple[float, float, float]:
    c = np.clip(np.asarray(linear_rgb, dtype=float), 0.0, 1.0)
    return tuple(np.where(c <= 0.0031308, 12.92 * c, 1.055 * c ** (1 / 2.4) - 0.055))


def relative_luminance(colour) -> float:
    """WCAG 2.1's relative luminance: 0.2126 R + 0.7152 G + 0.0722 B of the linear channels."""
    return float(np.dot([0.2126, 0.7152, 0.0722], linear(colour)))


def contrast_ratio(a, b) -> float:
    """WCAG 2.1's contrast ratio (L1 + 0.05) / (L2 + 0.05), L1 the lighter: from 1 (same) to 21 (black on white).

    >>> round(contrast_ratio("#0072B2", "white"), 1)
    5.2
    """
    la, lb = relative_luminance(a), relative_luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def simulate(colour, vision: str) -> tuple[float, float, float]:
    """``colour`` as seen with ``vision`` ("normal", "protanopia", "deuteranopia" or "tritanopia"), as sRGB."""
    if vision == "normal":
        return tuple(float(v) for v in to_rgb(colour))
    return to_srgb(MACHADO_2009[vision] @ linear(colour))


def lab(colour) -> np.ndarray:
    """CIELAB (D65) of an sRGB colour."""
    xyz = np.array([[0.4124564, 0.3575761, 0.1804375],
                    [0.2126729, 0.7151522, 0.0721750],
                    [0.0193339, 0.1191920, 0.9503041]]) @ linear(colour)
    xyz = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e_2000_lab(lab1, lab2) -> float:
    """CIEDE2000 between two CIELAB colours (kL = kC = kH = 1)."""
    L1, a1, b1 = lab1
    L2, a2, b2 = lab2
    C1, C2 = np.hypot(a1, b1), np.hypot(a2, b2)
    C_mean = (C1 + C2) / 2
    G = 0.5 * (1 - np.sqrt(C_mean**7 / (C_mean**7 + 25.0**7)))
    a1p, a2p = (1 + G) * a1, (1 + G) * a2
    C1p, C2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360 if C1p else 0.0
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360 if C2p else 0.0
    dLp, dCp = L2 - L1, C2p - C1p
    if C1p * C2p == 0:
        dhp = 0.0
    else:
        dhp = h2p - h1p
        dhp = dhp - 360 if dhp > 180 else dhp + 360 if dhp < -180 else dhp
    dHp = 2 * np.sqrt(C1p * C2p) * np.sin(np.radians(dhp) / 2)
    Lp, Cp = (L1 + L2) / 2, (C1p + C2p) / 2
    if C1p * C2p == 0:
        hp = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hp = (h1p + h2p) / 2
    else:
        hp = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    T = (1 - 0.17 * np.cos(np.radians(hp - 30)) + 0.24 * np.cos(np.radians(2 * hp))
         + 0.32 * np.cos(np.radians(3 * hp + 6)) - 0.20 * np.cos(np.radians(4 * hp - 63)))
    d_theta = 30 * np.exp(-(((hp - 275) / 25) ** 2))
    Rc = 2 * np.sqrt(Cp**7 / (Cp**7 + 25.0**7))
    Sl = 1 + 0.015 * (Lp - 50) ** 2 / np.sqrt(20 + (Lp - 50) ** 2)
    Sc, Sh = 1 + 0.045 * Cp, 1 + 0.015 * Cp * T
    Rt = -np.sin(np.radians(2 * d_theta)) * Rc
    return float(np.sqrt((dLp / Sl) ** 2 + (dCp / Sc) ** 2 + (dHp / Sh) ** 2 + Rt * (dCp / Sc) * (dHp / Sh)))


def delta_e_2000(a, b, vision: str = "normal") -> float:
    """CIEDE2000 between two sRGB colours as seen with ``vision`` (see :func:`simulate`)."""
    return delta_e_2000_lab(lab(simulate(a, vision)), lab(simulate(b, vision)))
