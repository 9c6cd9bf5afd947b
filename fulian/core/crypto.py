"""Field encryption at rest and keyed hashes for exact-match lookup of personal data.

- Encryption: AES-256-GCM with a random 96-bit nonce per value. Stored form: ``v1:<key id>:<base64url>``,
  so a value names the key that wrote it and old keys keep decrypting after a rotation.
- Lookup hash: HMAC-SHA256 with a separate key, so an ID number can be found by exact match without being
  decryptable from the hash, and without the encryption key doing double duty.
- Keys: ``FULIAN_FIELD_KEY`` ("kid:base64key,kid:base64key", first = current), else the JSON key file named by
  ``FULIAN_FIELD_KEY_FILE``, else ``VAR_DIR/field_keys.json`` created on first run with mode 0600.
  ``FULIAN_HASH_KEY`` (base64) overrides the hash key; otherwise it comes from the key file, or (env keys)
  is derived with HKDF from the LAST listed key, which a rotation keeps at the end of the list.
  See docs/security.md "密钥轮换".
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "v1"
_lock = threading.Lock()


class DecryptionError(Exception):
    """A stored value could not be decrypted (unknown key id or tampered data)."""


@dataclass(frozen=True)
class KeyRing:
    current: str
    keys: dict[str, bytes]
    hash_key: bytes


def _b64decode(value: str) -> bytes:
    raw = base64.urlsafe_b64decode(value.strip() + "=" * (-len(value.strip()) % 4))
    if len(raw) != 32:
        raise ImproperlyConfigured("加密密钥必须是 32 字节（base64 编码）")
    return raw


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def new_key() -> str:
    """A fresh random 256-bit key in the form the key file and the environment use."""
    return _b64encode(secrets.token_bytes(32))


def _derive_hash_key(master: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"fulian-lookup-hash").derive(master)


def _ring_from_env(spec: str) -> KeyRing:
    keys: dict[str, bytes] = {}
    order: list[str] = []
    for i, part in enumerate(p.strip() for p in spec.split(",") if p.strip()):
        kid, _, value = part.rpartition(":") if ":" in part else (f"k{i + 1}", "", part)
        kid = kid or f"k{i + 1}"
        keys[kid] = _b64decode(value)
        order.append(kid)
    if not order:
        raise ImproperlyConfigured("FULIAN_FIELD_KEY 为空")
    hash_env = os.environ.get("FULIAN_HASH_KEY", "")
    hash_key = _b64decode(hash_env) if hash_env else _derive_hash_key(keys[order[-1]])
    return KeyRing(current=order[0], keys=keys, hash_key=hash_key)


def _ring_from_file(path: Path) -> KeyRing:
    data = json.loads(path.read_text(encoding="utf-8"))
    keys = {kid: _b64decode(v) for kid, v in data["keys"].items()}
    if data["current"] not in keys:
        raise ImproperlyConfigured(f"密钥文件 {path} 的 current 不在 keys 中")
    hash_env = os.environ.get("FULIAN_HASH_KEY", "")
    hash_key = _b64decode(hash_env) if hash_env else _b64decode(data["hash"])
    return KeyRing(current=data["current"], keys=keys, hash_key=hash_key)


def default_key_file() -> Path:
    return Path(settings.VAR_DIR) / "field_keys.json"


def write_key_file(path: Path, data: dict) -> None:
    """Write a key file readable by the owner only (created 0600, never world-readable in between)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2)
    os.replace(tmp, path)


def _load_ring() -> KeyRing:
    spec = os.environ.get("FULIAN_FIELD_KEY", "")
    if spec:
        return _ring_from_env(spec)
    file_env = os.environ.get("FULIAN_FIELD_KEY_FILE", "")
    path = Path(file_env) if file_env else default_key_file()
    with _lock:
        if not path.exists():
            if file_env:
                raise ImproperlyConfigured(f"FULIAN_FIELD_KEY_FILE 指向的文件不存在：{path}")
            write_key_file(path, {"current": "k1", "keys": {"k1": new_key()}, "hash": new_key()})
    return _ring_from_file(path)


@lru_cache(maxsize=1)
def keyring() -> KeyRing:
    return _load_ring()


def reset_keyring() -> None:
    """Forget the cached keys (after a rotation, or in tests that change the environment)."""
    keyring.cache_clear()


@lru_cache(maxsize=16)
def _cipher(key: bytes) -> AESGCM:
    """One AESGCM object per key (its key schedule is set up once, not for every value)."""
    return AESGCM(key)


def encrypt(plaintext: str) -> str:
    ring = keyring()
    nonce = secrets.token_bytes(12)
    ct = _cipher(ring.keys[ring.current]).encrypt(nonce, plaintext.encode("utf-8"), None)
    return f"{PREFIX}:{ring.current}:{_b64encode(nonce + ct)}"


def is_encrypted(value: str) -> bool:
    return value.startswith(PREFIX + ":") and value.count(":") >= 2


def key_id_of(value: str) -> str:
    return value.split(":", 2)[1] if is_encrypted(value) else ""


def decrypt(token: str) -> str:
    if not is_encrypted(token):
        raise DecryptionError("不是加密值")
    _, kid, body = token.split(":", 2)
    key = keyring().keys.get(kid)
    if key is None:
        raise DecryptionError(f"未知密钥编号 {kid}")
    raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    try:
        return _cipher(key).decrypt(raw[:12], raw[12:], None).decode("utf-8")
    except Exception as exc:  # InvalidTag: wrong key or tampered data
        raise DecryptionError("解密失败") from exc


@dataclass(frozen=True)
class Rehasher:
    """Recomputes the lookup hashes an app stores, after the hash key changed: fn(commit=) -> rows."""

    label: str  # what is rehashed, e.g. "people.Person"
    noun: str  # in the command's report, e.g. "身份证号哈希"
    fn: Callable[..., int]


_REHASHERS: dict[str, Rehasher] = {}


def register_rehash(label: str, noun: str, fn: Callable[..., int]) -> None:
    """An app that stores `lookup_hash` values registers how to recompute them (from AppConfig.ready());
    `manage.py rotate_field_keys --rehash` runs every one."""
    _REHASHERS[label] = Rehasher(label, noun, fn)


def rehashers() -> list[Rehasher]:
    return list(_REHASHERS.values())


def lookup_hash(value: str, *, purpose: str = "") -> str:
    """Keyed hash for exact-match search; `purpose` separates kinds of value (ID number vs mobile)."""
    if not value:
        return ""
    inner, outer = _hmac_pads(keyring().hash_key)
    inner = inner.copy()
    inner.update(f"{purpose}\x00{value}".encode())
    outer = outer.copy()
    outer.update(inner.digest())
    return outer.hexdigest()


@lru_cache(maxsize=4)
def _hmac_pads(key: bytes):
    """HMAC-SHA256 (RFC 2104) with the key's padded inner and outer blocks hashed once: each hash then
    costs two copies and two short updates, a third of `hmac.new(...)` on OpenSSL 3, which sets up a
    new context for every message. `lookup_hash` runs for every row of an import."""
    block = 64
    if len(key) > block:
        key = hashlib.sha256(key).digest()
    key = key.ljust(block, b"\0")
    return (hashlib.sha256(bytes(b ^ 0x36 for b in key)), hashlib.sha256(bytes(b ^ 0x5C for b in key)))


class EncryptedTextField(models.TextField):
    """A text column that holds ciphertext in the database and plaintext on the model instance.

    Empty strings stay empty (so "not recorded" is visible without decrypting). Lookups by value cannot
    match (each encryption is randomised): search through a keyed hash column instead.
    """

    description = "Encrypted text"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value) if is_encrypted(value) else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)

    def db_prep_fast(self, slow, connection):
        """`get_db_prep_save` for bulk writes (`fastinsert`): text is encrypted directly, anything else
        takes the field's own way (`slow`)."""

        def prep(value):
            if type(value) is str:
                return encrypt(value) if value else value
            return slow(value, connection)

        return prep
