"""Legacy Vietnamese encodings: round trips, detection, and real legacy files against transcripts."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
import unicodedata
from pathlib import Path

import docx
import pdfplumber
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from rapidfuzz.distance import Levenshtein

from extractor.vntext.encoding import decode, detect_encoding, from_unicode, to_unicode
from shared_data import CORPUS as SHARED_CORPUS

CORPUS = SHARED_CORPUS
TRANSCRIPTS = CORPUS / "transcripts"

TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]
BASES = "aăâeêioôơuưy"
LOWER = [unicodedata.normalize("NFC", b + t) for b in BASES for t in TONES] + ["đ"]
UPPER = [c.upper() for c in LOWER]
ALL = LOWER + UPPER


def test_letter_inventory() -> None:
    assert len(set(LOWER)) == 73 and len(set(UPPER)) == 73


@pytest.mark.parametrize("encoding", ["vni", "viqr"])
def test_round_trip_every_letter_both_cases(encoding: str) -> None:
    for ch in ALL:
        enc = from_unicode(ch, encoding)
        assert decode(enc, encoding) == ch, (ch, enc)
        if encoding == "vni":
            assert to_unicode(enc, "VNI-Times") == ch, (ch, enc)
    # The whole alphabet in one run, in words, is detected without any font.
    text = " ".join("t" + ch + "n" for ch in LOWER) + " " + " ".join("T" + ch + "N" for ch in UPPER)
    enc = from_unicode(text, encoding)
    assert detect_encoding(enc) == encoding
    assert to_unicode(enc) == text


def test_round_trip_tcvn3_normal_font() -> None:
    # A normal .Vn font holds every lowercase letter and the capitals Ă Â Ê Ô Ơ Ư Đ.
    specials = ["Ă", "Â", "Ê", "Ô", "Ơ", "Ư", "Đ"]
    for ch in LOWER + specials:
        enc = from_unicode(ch, "tcvn3")
        assert to_unicode(enc, ".VnTime") == ch, (ch, enc)
        assert to_unicode(enc, "CCBOEA+.VnTime,Bold") == ch
    text = " ".join("t" + ch + "n" for ch in LOWER) + " " + " ".join(specials)
    assert to_unicode(from_unicode(text, "tcvn3"), ".VnTime") == text
    assert to_unicode(from_unicode(text, "tcvn3")) == text  # detected without the font
    with pytest.raises(ValueError):
        from_unicode("Á", "tcvn3")  # no byte for a toned capital in a normal font


def test_round_trip_tcvn3_capitals_font() -> None:
    # In an H font every byte draws a capital: each capital letter is written with its lowercase byte.
    for ch in UPPER:
        enc = from_unicode(ch, "tcvn3", capitals_font=True)
        assert to_unicode(enc, ".VnTimeH") == ch, (ch, enc)
        assert to_unicode(enc, "CCBOCO+.VnArialH") == ch
    text = "BÁO CÁO TÌNH HÌNH KINH TẾ - XÃ HỘI QUÝ I NĂM 2023 CỦA TỈNH ĐIỆN BIÊN"
    enc = from_unicode(text, "tcvn3", capitals_font=True)
    assert enc == "b¸o c¸o t×nh h×nh kinh tÕ - x· héi quý i n¨m 2023 cña tØnh ®iÖn biªn"
    assert to_unicode(enc, ".VnTimeH") == text


def test_known_tcvn3_and_vni_strings() -> None:
    assert to_unicode("Quy tr×nh tæng thÓ c¸c b\u00adíc c«ng viÖc", ".VnTime") == (
        "Quy trình tổng thể các bước công việc"
    )
    assert to_unicode("B¸o c¸o vÒ t×nh h×nh", "CCBOCO+.VnTimeH") == "BÁO CÁO VỀ TÌNH HÌNH"
    # A PDF producer turned byte 0xAD (ư) into U+2212, alone in its own subset font.
    assert to_unicode("\u2212", "CCBODP+.VnTime") == "ư"
    assert to_unicode("n\u2212íc ®¹t", "CCBOEA+.VnTime") == "nước đạt"
    assert to_unicode("UYÛ BAN NHAÂN DAÂN TÆNH CAØ MAU") == "UỶ BAN NHÂN DÂN TỈNH CÀ MAU"
    assert to_unicode("Quyeát ñònh soá 41/QÑ-CTUB ngaøy 30/03/2004", "VNI-Times") == (
        "Quyết định số 41/QĐ-CTUB ngày 30/03/2004"
    )
    assert to_unicode("Vie^.t Nam, ddu+o+`ng ddi") == "Việt Nam, đường đi"


@pytest.mark.parametrize(
    "text",
    [
        "Báo cáo tình hình kinh tế - xã hội năm 2023",
        "Báo cáo tình hình",  # Latin-1 letters only: a TCVN3 reading would give "Bỏo cỏo tỡnh hỡnh"
        "Hà Nội, ngày 17 tháng 3 năm 2023",
    ],
)
@pytest.mark.parametrize("font", [".VnTime", "VNI-Times", None, "Times New Roman"])
def test_unicode_under_legacy_font_name_stays(text: str, font: str | None) -> None:
    assert to_unicode(text, font) == text
    assert detect_encoding(text, font) == "unicode"


@pytest.mark.parametrize(
    "text",
    ["Annual report 2023.", "Total: 1,234 (see p. 5)", "e.g. the file is ok?", "Hello world", "add odd"],
)
def test_plain_english_stays(text: str) -> None:
    assert to_unicode(text) == text
    assert to_unicode(text, "Arial") == text
    assert detect_encoding(text) == "unicode"


def test_combining_marks_become_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Tiếng Việt")
    assert to_unicode(nfd) == "Tiếng Việt"
    assert to_unicode(nfd, ".VnTime") == "Tiếng Việt"
    assert detect_encoding(nfd, ".VnTime") == "unicode"


def test_unicode_fast_path_is_cheap() -> None:
    line = "Báo cáo tình hình thực hiện kế hoạch phát triển kinh tế - xã hội năm 2023 của tỉnh Điện Biên"
    start = time.perf_counter()
    for _ in range(20000):
        to_unicode(line, "Times New Roman")
        to_unicode("Annual report 2023", None)
    assert time.perf_counter() - start < 2.0


# --------------------------------------------------------------------------- real legacy files


def _cer(got: str, truth: str) -> float:
    """Character error rate after collapsing whitespace, compared without case.

    Case is left out on purpose: the transcripts spell the runs of ".Vn...H" capitals fonts in
    lowercase (the bytes typed), while the page shows capitals (what this codec returns).
    """
    norm = lambda s: re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).strip().casefold()  # noqa: E731
    g, t = norm(got), norm(truth)
    return Levenshtein.distance(g, t) / len(t)


def _pdf_text(path: Path) -> str:
    """pdfplumber text with every run of same-font characters on a line decoded."""
    pages = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            chars = page.chars
            i = 0
            while i < len(chars):
                j = i
                while (
                    j + 1 < len(chars)
                    and chars[j + 1]["fontname"] == chars[i]["fontname"]
                    and abs(chars[j + 1]["top"] - chars[i]["top"]) < 2
                ):
                    j += 1
                run = "".join(c["text"] for c in chars[i : j + 1])
                out = to_unicode(run, chars[i]["fontname"])
                if len(out) == j + 1 - i:
                    for c, ch in zip(chars[i : j + 1], out):
                        c["text"] = ch
                else:
                    chars[i]["text"] = out
                    for c in chars[i + 1 : j + 1]:
                        c["text"] = ""
                i = j + 1
            pages.append(page.extract_text())
    return "\n".join(pages)


def _style_font(style) -> str | None:
    while style is not None:
        rpr = style.element.find(qn("w:rPr"))
        rf = rpr.find(qn("w:rFonts")) if rpr is not None else None
        if rf is not None and (rf.get(qn("w:ascii")) or rf.get(qn("w:hAnsi"))):
            return rf.get(qn("w:ascii")) or rf.get(qn("w:hAnsi"))
        style = style.base_style
    return None


def _docx_text(path: Path) -> str:
    """python-docx text, run by run, each decoded with its effective font (run, then style)."""
    d = docx.Document(str(path))
    styles = {s.style_id: s for s in d.styles}
    default = _style_font(d.styles.default(WD_STYLE_TYPE.PARAGRAPH))
    paras = []
    for p in d.element.body.iter(qn("w:p")):
        ppr = p.find(qn("w:pPr"))
        pstyle = ppr.find(qn("w:pStyle")) if ppr is not None else None
        pfont = None
        if pstyle is not None and pstyle.get(qn("w:val")) in styles:
            pfont = _style_font(styles[pstyle.get(qn("w:val"))])
        pfont = pfont or default
        parts = []
        for r in p.iter(qn("w:r")):
            font = None
            rpr = r.find(qn("w:rPr"))
            if rpr is not None:
                rf = rpr.find(qn("w:rFonts"))
                if rf is not None:
                    font = rf.get(qn("w:ascii")) or rf.get(qn("w:hAnsi"))
            pieces = []
            for el in r:
                if el.tag == qn("w:t"):
                    pieces.append(el.text or "")
                elif el.tag == qn("w:tab"):
                    pieces.append("\t")
                elif el.tag == qn("w:br"):
                    pieces.append("\n")
                elif el.tag == qn("w:softHyphen"):
                    pieces.append("\u00ad")  # TCVN3 byte 0xAD is "ư": Word stores it as a soft hyphen
            parts.append(to_unicode("".join(pieces), font or pfont))
        paras.append("".join(parts))
    return "\n".join(paras)


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> Path:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    out = tmp_path_factory.mktemp("legacy_doc")
    docs = sorted(p for p in CORPUS.glob("*.doc") if (TRANSCRIPTS / (p.stem + ".txt")).exists())
    for p in docs:
        shutil.copy(p, out / p.name)
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{out}/lo_profile", "--convert-to",
         "docx", "--outdir", str(out)] + [str(out / p.name) for p in docs],
        check=True, capture_output=True, timeout=180,
    )
    return out


LEGACY = sorted(p.stem for p in TRANSCRIPTS.glob("*.txt")) if TRANSCRIPTS.exists() else []


@pytest.mark.parametrize("stem", LEGACY)
def test_legacy_file_matches_transcript(stem: str, converted: Path) -> None:
    truth = (TRANSCRIPTS / f"{stem}.txt").read_text(encoding="utf-8")
    pdf = CORPUS / f"{stem}.pdf"
    got = _pdf_text(pdf) if pdf.exists() else _docx_text(converted / f"{stem}.docx")
    assert _cer(got, truth) < 0.01


def test_tcvn3_pdf_capitals_font_title() -> None:
    pdf = CORPUS / "mpi_bc_sxkd_cong_nghiep_thang02-2007_tcvn3.pdf"
    if not pdf.exists():
        pytest.skip("corpus not present")
    text = _pdf_text(pdf)
    # The .VnTimeH title is drawn in capitals on the page.
    assert text.startswith("BÁO CÁO VỀ TÌNH HÌNH SẢN XUẤT KINH DOANH NGÀNH CÔNG")
    assert "nước" in text and "−" not in text
