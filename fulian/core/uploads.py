"""Upload validation shared by every app that stores files (activity photos, signed receipts, scans).

The type is checked twice: by the extension and by the first bytes of the file (a renamed .exe is not a
photo). Size limits come from settings.FULIAN["UPLOAD_MAX_MB"] (default 10).
"""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError

# extension -> accepted leading bytes
_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "gif": (b"GIF87a", b"GIF89a"),
    "webp": (b"RIFF",),
    "pdf": (b"%PDF-",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "pptx": (b"PK\x03\x04",),
    "doc": (b"\xd0\xcf\x11\xe0",),
    "xls": (b"\xd0\xcf\x11\xe0",),
}
IMAGE_EXTENSIONS = ("jpg", "jpeg", "png", "gif", "webp")
SCAN_EXTENSIONS = ("jpg", "jpeg", "png", "pdf")
DOCUMENT_EXTENSIONS = (*IMAGE_EXTENSIONS, "pdf", "docx", "xlsx", "pptx", "doc", "xls")


def max_upload_bytes() -> int:
    return int(getattr(settings, "FULIAN", {}).get("UPLOAD_MAX_MB", 10)) * 1024 * 1024


def validate_upload(upload, *, extensions=DOCUMENT_EXTENSIONS, label: str = "文件") -> str:
    """Raise ValidationError (Chinese, naming the file) unless the upload has an allowed type and size.
    Returns the normalised extension."""
    name = getattr(upload, "name", "") or ""
    ext = PurePath(name).suffix.lower().lstrip(".")
    if ext not in extensions:
        allowed = "、".join(extensions)
        raise ValidationError(f"{label}“{name}”的类型不允许，只接受：{allowed}")
    size = getattr(upload, "size", None) or 0
    if size > max_upload_bytes():
        raise ValidationError(f"{label}“{name}”超过大小上限 {max_upload_bytes() // (1024 * 1024)} MB")
    if size == 0:
        raise ValidationError(f"{label}“{name}”是空文件")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in _SIGNATURES[ext]):
        raise ValidationError(f"{label}“{name}”的内容与扩展名 .{ext} 不符")
    return ext
