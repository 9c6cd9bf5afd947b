"""PDF through LibreOffice, when it is on the machine. Without it, say so plainly."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

FONTS_CONF = Path(__file__).resolve().parent.parent / "fonts" / "fonts.conf"


class PdfUnavailable(Exception):
    """LibreOffice is not installed, or the conversion failed."""


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx_bytes: bytes, *, timeout: int = 120) -> bytes:
    soffice = soffice_path()
    if not soffice:
        raise PdfUnavailable(
            "本机未安装 LibreOffice，无法生成 PDF。"
            "请下载 Word 文件，或由管理员安装 libreoffice-writer-nogui。"
        )
    with tempfile.TemporaryDirectory(prefix="fulian-pdf-") as tmp:
        src = Path(tmp) / "summary.docx"
        src.write_bytes(docx_bytes)
        env = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF), "HOME": tmp}
        cmd = [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{tmp}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            tmp,
            str(src),
        ]
        try:
            subprocess.run(cmd, check=True, capture_output=True, timeout=timeout, env=env)  # noqa: S603
        except (subprocess.SubprocessError, OSError) as exc:
            raise PdfUnavailable("PDF 转换失败，请下载 Word 文件。") from exc
        out = Path(tmp) / "summary.pdf"
        if not out.exists():
            raise PdfUnavailable("PDF 转换失败，请下载 Word 文件。")
        return out.read_bytes()
