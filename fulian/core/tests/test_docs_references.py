"""Every document the code and the docs point a reader to exists in the repository (the code once cited a
DOMAIN.md that was not there; the domain is docs/domain.md)."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
REFERENCE = re.compile(r"\bdocs/[A-Za-z0-9_./-]+\.md\b")
SOURCES = ["fulian", "config", "bench", "bin", "docs", "README.md"]
SUFFIXES = {".py", ".md", ".html", ".txt", ""}


def _files():
    for name in SOURCES:
        path = ROOT / name
        candidates = [path] if path.is_file() else path.rglob("*")
        for f in candidates:
            if (
                f.is_file()
                and f.suffix in {".py", ".md", ".html", ".txt", ""}
                and "__pycache__" not in f.parts
            ):
                yield f


def test_every_cited_document_exists():
    missing = set()
    for f in _files():
        text = f.read_text(encoding="utf-8", errors="ignore")
        for ref in REFERENCE.findall(text):
            if not (ROOT / ref).is_file():
                missing.add(f"{f.relative_to(ROOT)} cites {ref}")
        if "DOMAIN.md" in text and f.name != "test_docs_references.py":
            missing.add(f"{f.relative_to(ROOT)} cites DOMAIN.md (the domain is docs/domain.md)")
    assert sorted(missing) == []
