"""Tesseract, the one OCR engine: page reads, cell reads and orientation detection.

Why tesserocr (the C++ API in-process) and not the ``tesseract`` binary, pytesseract or OCRmyPDF:
measured on the seed scan (2 shared cores, ``benchmarks/bench_ocr.py``), a page read through
tesserocr's wheel (Tesseract 5.5) takes 0.9 s at 200 dpi where Debian's ``tesseract`` 5.3 binary
takes 1.7 s for the same words, and a small cell read costs 2 ms instead of 0.11 s, because the
binary loads the Vietnamese model again at every start. Table pages need a dozen small reads
(every number and STT cell is read twice), so per-call start-up was most of their extra cost.
pytesseract wraps the same binary and adds an image file per call; OCRmyPDF adds a PDF round
trip and gives back text without the word boxes and confidences the page model needs.

The binary stays as the fallback where no tesserocr wheel installs (``EXTRACT_OCR_ENGINE=cli``
forces it): same TSV, same settings, only slower. Either way the models are Debian's
``tesseract-ocr-vie`` data, found through ``TESSDATA_PREFIX``, the binary's own list or the
usual folders.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

from extractor.errors import InputError

__all__ = ["OcrWord", "run_tesseract", "has_osd", "osd_rotation", "engine_name", "LANG"]

LANG = "vie"
# scanned reports have no white-on-black text; skipping Tesseract's inverted-line retry saves
# 10-25% of a page's time with the same words (measured on the seed scan)
BASE_CONFIG = ("tessedit_do_invert=0",)


@dataclass
class OcrWord:
    """One word as Tesseract reported it, in pixels of the (deskewed) page image."""

    text: str
    x0: int
    y0: int
    x1: int
    y1: int
    conf: float  # 0-100
    block: int = 0
    par: int = 0
    line: int = 0

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def h(self) -> int:
        return self.y1 - self.y0


# --------------------------------------------------------------------------- where the models are

_TESSDATA_DIRS = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/opt/homebrew/share/tessdata",
)


def _env() -> dict:
    env = dict(os.environ)
    env["OMP_THREAD_LIMIT"] = "1"  # workers already fill the cores: OpenMP threads only contend
    return env


@lru_cache(maxsize=1)
def _tesseract_cmd() -> Optional[str]:
    return shutil.which("tesseract")


@lru_cache(maxsize=1)
def _binary_langs() -> tuple[Optional[str], frozenset]:
    """(tessdata folder, languages) as the installed binary lists them."""
    cmd = _tesseract_cmd()
    if not cmd:
        return None, frozenset()
    try:
        out = subprocess.run([cmd, "--list-langs"], capture_output=True, text=True, env=_env(), timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None, frozenset()
    lines = out.splitlines()
    m = re.search(r'"([^"]+)"', lines[0]) if lines else None
    return (m.group(1) if m else None), frozenset(s.strip() for s in lines[1:] if s.strip())


@lru_cache(maxsize=1)
def tessdata_dir() -> Optional[str]:
    """The folder holding ``vie.traineddata`` (and ``osd.traineddata`` when installed)."""
    candidates: list[str] = []
    prefix = os.environ.get("TESSDATA_PREFIX")
    if prefix:
        candidates += [prefix, os.path.join(prefix, "tessdata")]
    listed, _ = _binary_langs()
    if listed:
        candidates.append(listed)
    candidates += _TESSDATA_DIRS
    for d in candidates:
        if (Path(d) / f"{LANG}.traineddata").is_file():
            return str(Path(d))
    return None


@lru_cache(maxsize=1)
def _langs() -> frozenset:
    d = tessdata_dir()
    if d is None:
        return frozenset()
    return frozenset(p.stem for p in Path(d).glob("*.traineddata"))


def has_osd() -> bool:
    """True when Tesseract's orientation data (osd.traineddata) is installed."""
    return "osd" in _langs()


# --------------------------------------------------------------------------- engines


@lru_cache(maxsize=1)
def _tesserocr():
    if os.environ.get("EXTRACT_OCR_ENGINE", "").lower() == "cli":
        return None
    # a libtesseract built with OpenMP (Debian's) reads this once, when the library loads: its
    # threads only contend with the other worker processes, and cost far more system time than
    # they save
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    # imported here on purpose, not at the top: the variable above must be set before libtesseract loads,
    # and a process that never OCRs (or runs with EXTRACT_OCR_ENGINE=cli) never loads the library at all
    try:
        import tesserocr
    except ImportError:
        return None
    return tesserocr


def engine_name() -> str:
    """'tesserocr' or 'cli': which way Tesseract is called in this process."""
    return "tesserocr" if _tesserocr() is not None else "cli"


_APIS: dict[tuple[int, str], object] = {}


def _api(lang: str):
    """One loaded engine per process and language (a forked worker builds its own)."""
    key = (os.getpid(), lang)
    api = _APIS.get(key)
    if api is None:
        tr = _tesserocr()
        for k in [k for k in _APIS if k[0] != key[0]]:
            del _APIS[k]  # inherited from the parent over fork: never shared between processes
        folder = tessdata_dir()
        if folder is None:
            raise InputError("OCR needs Tesseract's language data (a tessdata folder), which was not found")
        api = tr.PyTessBaseAPI(path=folder + os.sep, lang=lang, init=True)
        _APIS[key] = api
    return api


def _check_ready(lang: str) -> None:
    if _tesserocr() is None and not _tesseract_cmd():
        raise InputError("OCR needs Tesseract (the tesserocr package or the tesseract program), which is not installed")
    if lang not in _langs():
        if lang == LANG:
            raise InputError("OCR needs Tesseract's Vietnamese data (vie.traineddata), which is not installed")
        raise InputError(f"OCR needs Tesseract's {lang}.traineddata, which is not installed")


def _pgm(gray: np.ndarray) -> bytes:
    """The image as binary PGM for the binary's stdin: no encoding cost (PNG took ~0.1 s a page)."""
    h, w = gray.shape[:2]
    return b"P5\n%d %d\n255\n" % (w, h) + gray.tobytes()


def _run_binary(gray: np.ndarray, args: list[str], timeout: float) -> subprocess.CompletedProcess:
    """The fallback: the ``tesseract`` program on the image piped as PGM, output on stdout."""
    cmd = _tesseract_cmd()
    if cmd is None:
        raise InputError("OCR needs Tesseract (the tesserocr package or the tesseract program), which is not installed")
    folder = tessdata_dir()
    data = ["--tessdata-dir", folder] if folder else []
    return subprocess.run([cmd, *data, "stdin", "stdout", *args], input=_pgm(gray),
                          capture_output=True, env=_env(), timeout=timeout)


def _parse_config(config: Sequence[str]) -> list[tuple[str, str]]:
    out = []
    for c in config:
        k, _, v = c.partition("=")
        out.append((k.strip(), v))
    return out


def run_tesseract(gray: np.ndarray, psm: int = 3, config: Sequence[str] = (), dpi: int = 300,
                  lang: str = LANG) -> list[OcrWord]:
    """Read a grayscale image once and return its words with boxes and confidences."""
    _check_ready(lang)
    gray = np.ascontiguousarray(gray, dtype=np.uint8)
    settings = _parse_config((*BASE_CONFIG, *config))
    tr = _tesserocr()
    if tr is not None:
        api = _api(lang)
        h, w = gray.shape[:2]
        api.SetPageSegMode(psm)
        for k, v in settings:
            api.SetVariable(k, v)
        try:
            api.SetImageBytes(gray.tobytes(), w, h, 1, w)
            api.SetSourceResolution(int(dpi))
            if not api.Recognize():
                raise InputError("tesseract could not read the page image")
            tsv = api.GetTSVText(0) or ""
        finally:
            # settings of one read (a digits whitelist) must not leak into the next
            for k, _ in settings:
                if k == "tessedit_char_whitelist":
                    api.SetVariable(k, "")
            api.Clear()
        return _parse_tsv(tsv)

    args = ["-l", lang, "--psm", str(psm), "--dpi", str(int(dpi))]
    for k, v in settings:
        args += ["-c", f"{k}={v}"]
    try:
        proc = _run_binary(gray, [*args, "tsv"], timeout=600)
    except subprocess.TimeoutExpired:
        raise InputError("OCR timed out on a page")
    if proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError("tesseract failed: " + (msg[-1] if msg else f"exit {proc.returncode}"))
    return _parse_tsv(proc.stdout.decode("utf-8", "replace"))


def _parse_tsv(tsv: str) -> list[OcrWord]:
    """Word rows (level 5) of Tesseract's TSV; the binary's header line, if any, is skipped."""
    words: list[OcrWord] = []
    for row in tsv.splitlines():
        f = row.split("\t")
        if len(f) < 12 or f[0] != "5":
            continue
        # Tesseract sometimes emits the Icelandic eth (Ð U+00D0) for Vietnamese Đ (U+0110)
        text = unicodedata.normalize("NFC", f[11]).strip().replace("Ð", "Đ").replace("ð", "đ")
        try:
            conf = float(f[10])
        except ValueError:
            continue
        if not text or conf < 0:
            continue
        x, y, w, h = (int(v) for v in f[6:10])
        words.append(OcrWord(text, x, y, x + w, y + h, conf, int(f[2]), int(f[3]), int(f[4])))
    return words


def osd_rotation(gray: np.ndarray) -> Optional[int]:
    """Degrees (clockwise) the page must be turned to read upright, per Tesseract OSD; None if unknown."""
    if not has_osd():
        return None
    gray = np.ascontiguousarray(gray, dtype=np.uint8)
    tr = _tesserocr()
    if tr is not None:
        api = _api("osd")
        h, w = gray.shape[:2]
        api.SetPageSegMode(tr.PSM.OSD_ONLY)
        try:
            api.SetImageBytes(gray.tobytes(), w, h, 1, w)
            res = api.DetectOrientationScript()
        except RuntimeError:
            return None
        finally:
            api.Clear()
        if not res or res.get("orient_conf", 0) < 1.5:
            return None
        # orient_deg is how far the page is turned counter-clockwise; the binary prints
        # 'Rotate: (360 - orient_deg) % 360', the clockwise turn that puts it upright
        return (360 - int(res["orient_deg"])) % 360
    try:
        proc = _run_binary(gray, ["--psm", "0", "-l", "osd"], timeout=120)
    except subprocess.SubprocessError:
        return None
    out = proc.stdout.decode("utf-8", "replace")
    m = re.search(r"Rotate:\s*(\d+)", out)
    c = re.search(r"Orientation confidence:\s*([\d.]+)", out)
    if not m or not c or float(c.group(1)) < 1.5:
        return None
    return int(m.group(1)) % 360
