"""documents.text of legacy-encoded (TCVN3, VNI) reports against hand-checked transcripts, end to end."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import regex as re
from rapidfuzz.distance import Levenshtein

from extractor import extract_file
from shared_data import CORPUS as SHARED_CORPUS

CORPUS = SHARED_CORPUS
TRANSCRIPTS = sorted((CORPUS / "transcripts").glob("*.txt"))


def _norm(text: str) -> str:
    # as the scorer compares: NFC, whitespace collapsed, case-folded
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().casefold()


@pytest.mark.parametrize("transcript", TRANSCRIPTS, ids=[t.stem for t in TRANSCRIPTS])
def test_document_text_matches_transcript(transcript: Path):
    source = next(p for p in CORPUS.iterdir() if p.stem == transcript.stem and p.suffix in (".pdf", ".doc", ".docx"))
    records = extract_file(source)
    text = records.document["text"]
    assert unicodedata.is_normalized("NFC", text)
    ref, got = _norm(transcript.read_text(encoding="utf-8")), _norm(text)
    cer = Levenshtein.distance(ref, got) / len(ref)
    assert cer < 0.01, f"{source.name}: character error rate {cer:.2%}"
    # no legacy bytes left: TCVN3 lower-half letters and VNI mark bytes do not occur in Vietnamese Unicode text
    assert not re.search(r"[\u00b8\u00b5\u00b6\u00b7\u00c6\u00f8\u00ef]", got), "undecoded legacy characters"
