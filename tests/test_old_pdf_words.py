"""Text of older PDFs: words and spaces where each glyph is placed on its own.

Old producers (PostScript printer drivers, early PDF writers, Distiller on TCVN3/VNI text) place glyphs
one by one (a ``Tm`` or ``Td`` per glyph, or ``TJ`` arrays full of kerning offsets), draw a letter's
accents as separate overlapping glyphs, and re-position the text at every legacy-font letter with the
run's own character spacing (``Tc``). A word break is then only a gap, and a gap is a word break only
measured against the font's space width and the line's own spacing.

The PDFs here are written byte by byte (pikepdf): a DejaVu TrueType font embedded as a CID font
(``Identity-H`` with a ``ToUnicode`` map), TCVN3 ``.VnTime`` simple fonts (one with plain WinAnsi,
whose code 0xAD, TCVN3's "ư", pdfminer reads as a space) and a VNI font with zero-width marks, with
the content streams of those producers. All go through one run of the real command line into a real SQLite file;
``documents.text`` must equal the text drawn within 1 % character error, and ``1,6 triệu lao động``
must be the quantity 1600000 with unit ``lao động``. ``pdftotext`` reads the same files as a reference.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import struct
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Callable, Optional

import pdfplumber
import pikepdf
import pytest

from extractor.readers.pdf_chars import space_widths
from extractor.vntext.encoding import from_unicode, to_unicode
from shared_data import CORPUS

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
DEJAVU_SERIF = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
CONDENSED = Path("/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf")  # a narrower space
pytestmark = pytest.mark.skipif(not all(f.is_file() for f in (DEJAVU, DEJAVU_SERIF, CONDENSED)),
                                reason="the made PDFs embed or measure DejaVu")

# The report's text: a title, body lines with Vietnamese letters, a quantity in millions, a row of figures.
LINES = [
    "BÁO CÁO",
    "Tình hình lao động và tai nạn lao động năm 2005",
    "Cả nước có 1,6 triệu lao động làm việc trong các doanh nghiệp nhà nước.",
    "Nghị định số 06 quy định chi tiết việc thực hiện chế độ bảo hộ lao động.",
    "Số vụ tai nạn lao động giảm so với năm trước, nhưng số người chết tăng.",
    "Các địa phương cần kiểm tra việc thực hiện an toàn vệ sinh lao động.",
    "Mức xếp hạng 1 2 3 4 5 6 7 8 9 theo thứ tự.",  # one-figure words: every gap a word gap
]


# --------------------------------------------------------------------------- a TrueType font's metrics


class TrueType:
    """The two tables a PDF writer needs from a TrueType file: its cmap (Unicode -> glyph id, format 4)
    and its advance widths (hmtx), in 1/1000 em as PDF widths are."""

    def __init__(self, path: Path) -> None:
        self.name = path.stem
        self.data = data = path.read_bytes()
        n = struct.unpack(">H", data[4:6])[0]
        tables = {}
        for i in range(n):
            tag, _sum, off, length = struct.unpack(">4sIII", data[12 + 16 * i: 28 + 16 * i])
            tables[tag.decode()] = (off, length)
        head = tables["head"][0]
        self.units = struct.unpack(">H", data[head + 18: head + 20])[0]
        hhea = tables["hhea"][0]
        n_metrics = struct.unpack(">H", data[hhea + 34: hhea + 36])[0]
        hmtx = tables["hmtx"][0]
        self.advances = [struct.unpack(">H", data[hmtx + 4 * i: hmtx + 4 * i + 2])[0] for i in range(n_metrics)]
        self.cmap = self._cmap(data, tables["cmap"][0])

    @staticmethod
    def _cmap(data: bytes, base: int) -> dict[int, int]:
        n = struct.unpack(">H", data[base + 2: base + 4])[0]
        for i in range(n):
            pid, eid, off = struct.unpack(">HHI", data[base + 4 + 8 * i: base + 12 + 8 * i])
            sub = base + off
            if pid == 3 and eid == 1 and struct.unpack(">H", data[sub: sub + 2])[0] == 4:
                seg2 = struct.unpack(">H", data[sub + 6: sub + 8])[0]
                segs = seg2 // 2
                ends = struct.unpack(f">{segs}H", data[sub + 14: sub + 14 + seg2])
                starts = struct.unpack(f">{segs}H", data[sub + 16 + seg2: sub + 16 + 2 * seg2])
                deltas = struct.unpack(f">{segs}h", data[sub + 16 + 2 * seg2: sub + 16 + 3 * seg2])
                ro_at = sub + 16 + 3 * seg2
                ranges = struct.unpack(f">{segs}H", data[ro_at: ro_at + seg2])
                out: dict[int, int] = {}
                for k in range(segs):
                    for c in range(starts[k], ends[k] + 1):
                        if c == 0xFFFF:
                            continue
                        if ranges[k] == 0:
                            g = (c + deltas[k]) & 0xFFFF
                        else:
                            at = ro_at + 2 * k + ranges[k] + 2 * (c - starts[k])
                            g = struct.unpack(">H", data[at: at + 2])[0]
                            g = (g + deltas[k]) & 0xFFFF if g else 0
                        if g:
                            out[c] = g
                return out
        raise ValueError("no Unicode BMP cmap")

    def gid(self, ch: str) -> int:
        return self.cmap[ord(ch)]

    def width(self, ch: str) -> float:
        """Advance of ``ch`` in 1/1000 em."""
        g = self.gid(ch)
        adv = self.advances[min(g, len(self.advances) - 1)]
        return adv * 1000.0 / self.units


# --------------------------------------------------------------------------- glyph placements


class Glyph:
    """One glyph to draw: its character, left edge (pen position) and baseline in points, font size."""

    def __init__(self, ch: str, x: float, y: float, size: float) -> None:
        self.ch, self.x, self.y, self.size = ch, x, y, size


def _clusters(word: str, decomposed: bool) -> list[list[str]]:
    """A word as base letters each followed by its marks: NFD marks when ``decomposed``."""
    out: list[list[str]] = []
    for ch in (unicodedata.normalize("NFD", word) if decomposed else word):
        if unicodedata.combining(ch) and out:
            out[-1].append(ch)
        else:
            out.append([ch])
    return out


def place_line(font: TrueType, text: str, x: float, y: float, size: float, rnd: random.Random, *,
               decomposed: bool = False, kern: float = 0.18, word_gap: Callable[[int], float] = lambda i: 1.0,
               marks_first: bool = False, tc: float = 0.0) -> list[Glyph]:
    """Glyphs of one line placed one by one, as a per-glyph writer does: every word gap is the font's
    space (times ``word_gap(i)`` for the i-th gap: a justified line's wide spaces), no space glyph is
    drawn, and each glyph inside a word is moved by a kerning offset up to ``kern`` of the space
    (either way). ``tc`` (in em) is added after every glyph, as a condensed (< 0) or expanded (> 0)
    character spacing does. With ``decomposed``, a letter's marks are their own glyphs (zero advance
    in DejaVu) laid over the base letter, drawn after it, or before it with ``marks_first``."""
    sw = font.width(" ") * size / 1000
    out: list[Glyph] = []
    for i, word in enumerate(text.split(" ")):
        if i:
            x += sw * word_gap(i - 1) + tc * size
        for j, cl in enumerate(_clusters(word, decomposed)):
            if j:
                x += rnd.uniform(-kern, kern) * sw
            base_w = font.width(cl[0]) * size / 1000
            marks = [Glyph(m, x + base_w * rnd.uniform(0.15, 0.85), y, size) for m in cl[1:]]
            base = Glyph(cl[0], x, y, size)
            out.extend(marks + [base] if marks_first else [base] + marks)
            x += base_w + tc * size
    return out


# --------------------------------------------------------------------------- PDF writing


def _cid_font(pdf: pikepdf.Pdf, font: TrueType, chars: set[str]) -> pikepdf.Dictionary:
    """DejaVu embedded whole as a CIDFontType2 (glyph ids as CIDs) with widths and a ToUnicode map of
    the glyphs in ``chars`` (a space among them states the font's space though none is drawn)."""
    gids = sorted({font.gid(c): c for c in chars}.items())
    widths: list = []
    for g, c in gids:
        widths += [g, [round(font.width(c))]]
    cmap = ["/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
            "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
            "1 begincodespacerange <0000> <FFFF> endcodespacerange", f"{len(gids)} beginbfchar"]
    cmap += [f"<{g:04X}> <{ord(c):04X}>" for g, c in gids]
    cmap += ["endbfchar endcmap CMapName currentdict /CMap defineresource pop end end"]
    ff = pikepdf.Stream(pdf, font.data)
    ff.Length1 = len(font.data)
    name = pikepdf.Name("/" + font.name)
    desc = pikepdf.Dictionary(Type=pikepdf.Name.FontDescriptor, FontName=name, Flags=32,
                              FontBBox=[-1021, -463, 1793, 1232], ItalicAngle=0, Ascent=928, Descent=-236,
                              CapHeight=729, StemV=80, FontFile2=ff)
    cid = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.CIDFontType2,
                             BaseFont=name, FontDescriptor=desc, W=widths, DW=1000,
                             CIDSystemInfo=pikepdf.Dictionary(Registry=pikepdf.String("Adobe"),
                                                              Ordering=pikepdf.String("Identity"), Supplement=0),
                             CIDToGIDMap=pikepdf.Name.Identity)
    return pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type0, BaseFont=name,
                              Encoding=pikepdf.Name("/Identity-H"), DescendantFonts=[cid],
                              ToUnicode=pikepdf.Stream(pdf, "\n".join(cmap).encode()))


def _save(path: Path, fonts: dict[str, pikepdf.Dictionary], pages: list[bytes], pdf: pikepdf.Pdf) -> None:
    for content in pages:
        page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842],
                                  Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(fonts)),
                                  Contents=pikepdf.Stream(pdf, content))
        pdf.pages.append(pikepdf.Page(page))
    pdf.save(path)


def _hex(font: TrueType, ch: str) -> str:
    return f"<{font.gid(ch):04X}>"


def write_per_glyph_pdf(path: Path, lines: list[list[Glyph]], font: TrueType, mode: str,
                        space_in_font: bool = False) -> None:
    """A one-page PDF drawing ``lines`` in the embedded DejaVu, glyph by glyph. ``mode``: ``tm``
    (an absolute text matrix per glyph), ``td`` (relative moves from the previous glyph's origin) or
    ``tj`` (one TJ array per line, the gaps as kerning numbers). ``space_in_font``: the font's
    widths and ToUnicode map hold the space glyph (none is drawn)."""
    pdf = pikepdf.new()
    chars = {g.ch for ln in lines for g in ln} | ({" "} if space_in_font else set())
    out = ["BT", "/F1 11 Tf"]
    for ln in lines:
        if mode == "tm":
            for g in ln:
                out.append(f"/F1 1 Tf {g.size:.3f} 0 0 {g.size:.3f} {g.x:.3f} {g.y:.3f} Tm {_hex(font, g.ch)} Tj")
        elif mode == "td":
            out.append(f"/F1 {ln[0].size:.3f} Tf 1 0 0 1 0 0 Tm {ln[0].x:.3f} {ln[0].y:.3f} Td")
            px, py = ln[0].x, ln[0].y
            for g in ln:
                out.append(f"{g.x - px:.3f} {g.y - py:.3f} Td {_hex(font, g.ch)} Tj")
                px, py = g.x, g.y
        else:  # tj: the pen moves by each glyph's width; a number sets the gap to the next glyph
            size = ln[0].size
            out.append(f"/F1 {size:.3f} Tf 1 0 0 1 {ln[0].x:.3f} {ln[0].y:.3f} Tm")
            parts = []
            pen = ln[0].x
            for g in ln:
                shift = (g.x - pen) * 1000 / size
                if abs(shift) > 0.01:
                    parts.append(f"{-shift:.2f}")
                parts.append(_hex(font, g.ch))
                pen = g.x + font.width(g.ch) * size / 1000
            out.append("[" + " ".join(parts) + "] TJ")
    out.append("ET")
    _save(path, {"/F1": _cid_font(pdf, font, chars)}, ["\n".join(out).encode()], pdf)


def write_tcvn3_runs_pdf(path: Path, texts: list[str], rnd: random.Random, size: float = 10.5,
                         tw: float = 0.0, name_0xad: bool = True) -> None:
    """A TCVN3 report as Distiller wrote Word's legacy-font text: ``.VnTime`` TrueType fonts (the widths of
    the Vietnamese letters their codes draw; the first line in the capitals font ``.VnTimeH``), space
    glyphs between words, and the text re-positioned (a new ``Tm``) at every Vietnamese letter, each
    run with the line's character spacing ``Tc`` and a small rounding residue at the re-positioning.
    ``tw`` (em): word spacing added to every space, as a justified line's wide spaces. ``name_0xad``:
    the encoding names code 0xAD (TCVN3 "ư"); without, plain WinAnsi, whose 0xAD pdfminer reads as a
    space."""
    measure = TrueType(DEJAVU_SERIF)
    pdf = pikepdf.new()
    fonts: dict[str, pikepdf.Dictionary] = {}
    widths: dict[str, list[int]] = {}
    for key, name, capitals in (("/F1", ".VnTime", False), ("/F2", ".VnTimeH", True)):
        ws = []
        for code in range(32, 256):
            uni = to_unicode(bytes([code]).decode("cp1252", errors="replace"), font=name)
            ok = len(uni) == 1 and ord(uni) in measure.cmap
            ws.append(round(measure.width(uni.upper() if capitals else uni)) if ok else 500)
        widths[key] = ws
        fonts[key] = pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.TrueType, BaseFont=pikepdf.Name("/" + name),
            FirstChar=32, LastChar=255, Widths=ws,
            Encoding=pikepdf.Dictionary(BaseEncoding=pikepdf.Name.WinAnsiEncoding,
                                        Differences=[173, pikepdf.Name("/uni00AD")])
            if name_0xad else pikepdf.Name.WinAnsiEncoding,
            FontDescriptor=pikepdf.Dictionary(
                Type=pikepdf.Name.FontDescriptor, FontName=pikepdf.Name("/" + name), Flags=34,
                FontBBox=[-200, -300, 1200, 900], ItalicAngle=0, Ascent=900, Descent=-250, CapHeight=700,
                StemV=80))
    out = ["BT"]
    y = 780.0
    for k, text in enumerate(texts):
        key = "/F2" if k == 0 else "/F1"
        data = from_unicode(text, "tcvn3", capitals_font=(k == 0)).encode("cp1252")
        tc = rnd.uniform(0.1, 0.15) * size  # the line's letter spacing (justification by Tc)
        x = 50.0
        run: list[int] = []
        run_x = x

        def flush() -> None:
            if run:
                s = bytes(run).replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
                out.append(f"{key} 1 Tf {tc / size:.5f} Tc {tw:.5f} Tw {size} 0 0 {size} {run_x:.3f} {y:.3f} Tm")
                out.append("(" + "".join(chr(b) if 32 <= b < 127 else f"\\{b:03o}" for b in s) + ") Tj")
                run.clear()

        for b in data:
            if b >= 128:  # a Vietnamese letter: the driver re-positions, leaving a residue
                flush()
                x += rnd.uniform(0.02, 0.09) * size
                run_x = x
            run.append(b)
            x += widths[key][b - 32] * size / 1000 + tc + (tw * size if b == 32 else 0.0)
        flush()
        y -= 1.6 * size
    out.append("ET")
    _save(path, fonts, ["\n".join(out).encode()], pdf)


def write_vni_per_glyph_pdf(path: Path, texts: list[str], rnd: random.Random, size: float = 11.0) -> None:
    """A VNI report drawn glyph by glyph (a ``Tm`` each, no space glyph, word gaps of the font's space):
    a ``VNI-Times`` TrueType font whose tone and vowel marks are zero-width glyphs, each laid over the
    middle of its letter, as the VNI fonts draw them."""
    measure = TrueType(DEJAVU_SERIF)
    encoded = [from_unicode(t, "vni") for t in texts]
    marks = {e[1] for t in texts for ch in t for e in [from_unicode(ch, "vni")] if len(e) == 2}
    widths = []
    for code in range(32, 256):
        ch = bytes([code]).decode("cp1252", errors="replace")
        uni = to_unicode(ch, font="VNI-Times") if ch not in marks else ""
        widths.append(0 if ch in marks else round(measure.width(uni)) if len(uni) == 1 and ord(uni) in measure.cmap
                      else 500)
    font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.TrueType, BaseFont=pikepdf.Name("/VNI-Times"), FirstChar=32,
        LastChar=255, Widths=widths, Encoding=pikepdf.Name.WinAnsiEncoding,
        FontDescriptor=pikepdf.Dictionary(Type=pikepdf.Name.FontDescriptor, FontName=pikepdf.Name("/VNI-Times"),
                                          Flags=34, FontBBox=[-200, -300, 1200, 900], ItalicAngle=0, Ascent=900,
                                          Descent=-250, CapHeight=700, StemV=80))
    sw = widths[0] * size / 1000
    out = ["BT", "/F1 1 Tf"]
    y = 780.0
    for text in encoded:
        x = 60.0
        base_x = base_w = 0.0
        for k, ch in enumerate(text):
            if ch == " ":
                x += sw
                continue
            w = widths[ord(ch.encode("cp1252")) - 32] * size / 1000
            if ch in marks:  # over the middle of its letter
                at = base_x + base_w * rnd.uniform(0.3, 0.6)
            else:
                if k and text[k - 1] != " ":
                    x += rnd.uniform(-0.15, 0.15) * sw
                at, base_x, base_w = x, x, w
                x += w
            code = ord(ch.encode("cp1252"))
            lit = chr(code) if 32 <= code < 127 and ch not in "()\\" else f"\\{code:03o}"
            out.append(f"{size} 0 0 {size} {at:.3f} {y:.3f} Tm ({lit}) Tj")
        y -= 18.0
    out.append("ET")
    _save(path, {"/F1": font}, ["\n".join(out).encode()], pikepdf.new())


# --------------------------------------------------------------------------- measuring


def cer(got: str, want: str) -> float:
    """Character error rate: edit distance over the wanted text's length (whitespace runs as one space)."""
    a, b = " ".join(got.split()), " ".join(want.split())
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
        prev = cur
    return prev[-1] / max(1, len(b))


def extract(pdf: Path, db: Path) -> sqlite3.Connection:
    r = subprocess.run([sys.executable, "-m", "extractor.cli", str(pdf), "--to", "sqlite", "-o", str(db)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    return sqlite3.connect(db)


def pdftotext(pdf: Path) -> Optional[str]:
    if shutil.which("pdftotext") is None:
        return None
    r = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, timeout=60)
    return unicodedata.normalize("NFC", r.stdout)


# --------------------------------------------------------------------------- the made PDFs


def _dejavu_lines(font: TrueType, seed: int, **kw) -> list[list[Glyph]]:
    rnd = random.Random(seed)
    return [place_line(font, text, 60.0, 780.0 - 20.0 * i, 11.0, rnd, **kw) for i, text in enumerate(LINES)]


# name -> (font file, positioning, placement options, font metrics hold the space)
PER_GLYPH = {
    "tm_precomposed": (DEJAVU, "tm", {}, True),
    "td_decomposed": (DEJAVU, "td", {"decomposed": True}, True),
    "tj_decomposed_marks_first": (DEJAVU, "tj", {"decomposed": True, "marks_first": True}, False),
    "tm_decomposed_no_space_metrics": (DEJAVU, "tm", {"decomposed": True}, False),
    # Word's condensed spacing on a narrow face: word gaps under 0.2 em, letters overlapping
    "tm_condensed": (CONDENSED, "tm", {"tc": -0.09, "kern": 0.15}, True),
    "tj_condensed_no_space_metrics": (CONDENSED, "tj", {"tc": -0.09, "kern": 0.15}, False),
    # expanded (letter-spaced) lines: every letter gap 0.12 em
    "tj_expanded": (CONDENSED, "tj", {"tc": 0.12}, True),
    # justified lines: word gaps one to three and a half spaces, no space glyph
    "tj_justified": (CONDENSED, "tj", {"word_gap": lambda i: 1.0 + (i % 4) * 0.8}, False),
    "tm_justified_decomposed": (DEJAVU, "tm", {"word_gap": lambda i: 1.0 + (i % 3) * 0.7, "decomposed": True}, True),
}


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, tuple[str, Optional[str]]]:
    """Every made PDF through one run of the real command line into one SQLite file:
    name -> (documents.text, pdftotext's text)."""
    d = tmp_path_factory.mktemp("oldpdf")
    src = d / "pdfs"
    src.mkdir()
    fonts = {DEJAVU: TrueType(DEJAVU), CONDENSED: TrueType(CONDENSED)}
    for k, (name, (path, mode, kw, space)) in enumerate(PER_GLYPH.items()):
        write_per_glyph_pdf(src / f"{name}.pdf", _dejavu_lines(fonts[path], 11 + k, **kw), fonts[path], mode, space)
    write_tcvn3_runs_pdf(src / "tcvn3_runs.pdf", LINES, random.Random(3))
    write_tcvn3_runs_pdf(src / "tcvn3_runs_justified.pdf", LINES, random.Random(4), tw=0.35)
    write_tcvn3_runs_pdf(src / "tcvn3_runs_winansi.pdf", LINES, random.Random(5), name_0xad=False)
    write_vni_per_glyph_pdf(src / "vni_per_glyph.pdf", LINES, random.Random(6))
    con = extract(src, d / "reports.db")
    out = {}
    for path, text in con.execute("SELECT source_path, text FROM documents"):
        name = Path(path).stem
        ref = pdftotext(src / f"{name}.pdf")
        if ref is not None and name[:3] in ("tcv", "vni"):  # the legacy bytes, as the reader would decode them
            legacy = ".VnTime" if name.startswith("tcvn3") else "VNI-Times"
            ref = "\n".join(to_unicode(ln, font=legacy) for ln in ref.splitlines())
        out[name] = (unicodedata.normalize("NFC", text or ""), ref)
    out["_db"] = (str(d / "reports.db"), None)
    con.close()
    return out


ALL_MADE = [*PER_GLYPH, "tcvn3_runs", "tcvn3_runs_justified", "tcvn3_runs_winansi", "vni_per_glyph"]


@pytest.mark.parametrize("name", ALL_MADE)
def test_made_old_pdf_text_within_one_percent(made, name: str) -> None:
    """documents.text of a per-glyph PDF is the text drawn, within 1 % character error (no space inside
    a word, none lost between words, accents on their letters)."""
    got, ref = made[name]
    want = "\n".join(LINES)
    err = cer(got, want)
    ref_err = cer(ref, want) if ref is not None else None
    assert err < 0.01, f"{name}: CER {err:.3f} (pdftotext {ref_err}):\n{got}"
    for word in ("triệu", "tai nạn", "Nghị định", "chết", "kiểm tra"):
        assert word in got, f"{name}: {word!r} missing:\n{got}"


@pytest.mark.parametrize("name", ALL_MADE)
def test_million_with_its_unit(made, name: str) -> None:
    """``1,6 triệu lao động`` is the quantity 1600000 counted in ``lao động``, not 1.6 of "tri ệu"."""
    con = sqlite3.connect(made["_db"][0])
    rows = con.execute("SELECT q.value, q.unit FROM quantities q JOIN documents d ON d.id = q.document_id "
                       "WHERE d.source_path LIKE ? AND q.text LIKE '1,6%'", (f"%/{name}.pdf",)).fetchall()
    con.close()
    assert rows == [(1600000.0, "lao động")], rows


def test_no_worse_than_pdftotext(made) -> None:
    """On every made PDF the extractor's text is at least as close to the drawn text as pdftotext's
    (which glues decomposed accents to the wrong letter and splits letter-spaced words)."""
    if made["tm_precomposed"][1] is None:
        pytest.skip("pdftotext not installed")
    want = "\n".join(LINES)
    worse = {n: (round(cer(made[n][0], want), 4), round(cer(made[n][1] or "", want), 4)) for n in ALL_MADE
             if cer(made[n][0], want) > cer(made[n][1] or "", want) + 0.002}
    assert not worse, worse


def test_space_width_from_the_font_metrics(tmp_path) -> None:
    """A font that draws no space states it in its widths: that width (DejaVu's 0.318 em) is what word
    gaps are measured against; a font that states none is absent (the line's gaps then tell)."""
    font = TrueType(DEJAVU)
    for space, want in ((True, font.width(" ") / 1000), (False, None)):
        f = tmp_path / f"s{space}.pdf"
        write_per_glyph_pdf(f, _dejavu_lines(font, 1), font, "tm", space_in_font=space)
        with pdfplumber.open(f) as pdf:
            page = pdf.pages[0]
            got = space_widths(page, page.chars)
        assert all(c["text"] != " " for c in page.chars)
        if want is None:
            assert got == {}
        else:
            assert got == {"DejaVuSans": pytest.approx(want, abs=1e-3)}


def test_space_width_from_drawn_spaces() -> None:
    """A TCVN3 PDF of 2007 (Distiller, .VnTime): its drawn spaces give each font's space, 0.25 em."""
    f = CORPUS / "mpi_bc_sxkd_cong_nghiep_thang02-2007_tcvn3.pdf"
    if not f.is_file():
        pytest.skip("corpus not available")
    with pdfplumber.open(f) as pdf:
        page = pdf.pages[0]
        got = space_widths(page, page.chars)
    assert got["CCBOEA+.VnTime"] == pytest.approx(0.25, abs=0.01)


@pytest.mark.parametrize("raw, want", [
    ("chie\u0301\u0302t", "chiết"),  # tone drawn left of the circumflex
    ("Nghi\u0323", "Nghị"),
    ("ngu\u031bo\u0300\u031bi", "người"),
    ("đo\u0323\u0302ng", "động"),
    ("thu\u0323\u031bc", "thực"),
])
def test_accents_in_any_order_compose(raw: str, want: str) -> None:
    """Accents drawn as their own glyphs come in the order of their positions: a Vietnamese vowel's
    own mark goes under its tone before composing, as a reader sees the letter."""
    assert to_unicode(raw, font="DejaVuSans") == want
