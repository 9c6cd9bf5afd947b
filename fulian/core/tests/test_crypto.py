import hashlib
import hmac
import json
import stat
from unittest.mock import patch

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fulian.core import crypto


@pytest.fixture
def key_dir(tmp_path, settings, monkeypatch):
    monkeypatch.delenv("FULIAN_FIELD_KEY", raising=False)
    monkeypatch.delenv("FULIAN_FIELD_KEY_FILE", raising=False)
    monkeypatch.delenv("FULIAN_HASH_KEY", raising=False)
    settings.VAR_DIR = tmp_path
    crypto.reset_keyring()
    yield tmp_path
    crypto.reset_keyring()


def test_key_file_is_created_on_first_use_readable_by_owner_only(key_dir):
    token = crypto.encrypt("511702199005061236")
    path = key_dir / "field_keys.json"
    assert path.exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "511702199005061236" not in token
    assert crypto.decrypt(token) == "511702199005061236"


def test_each_encryption_differs_but_the_lookup_hash_is_stable(key_dir):
    assert crypto.encrypt("abc") != crypto.encrypt("abc")
    assert crypto.lookup_hash("abc") == crypto.lookup_hash("abc")
    assert crypto.lookup_hash("abc", purpose="x") != crypto.lookup_hash("abc", purpose="y")


def test_rotation_new_key_encrypts_old_key_still_decrypts_and_hash_survives(key_dir):
    old_token = crypto.encrypt("secret")
    old_hash = crypto.lookup_hash("secret")
    path = key_dir / "field_keys.json"
    data = json.loads(path.read_text())
    data["keys"]["k2"] = crypto.new_key()
    data["current"] = "k2"
    crypto.write_key_file(path, data)
    crypto.reset_keyring()
    new_token = crypto.encrypt("secret")
    assert crypto.key_id_of(old_token) == "k1"
    assert crypto.key_id_of(new_token) == "k2"
    assert crypto.decrypt(old_token) == crypto.decrypt(new_token) == "secret"
    assert crypto.lookup_hash("secret") == old_hash


def test_keys_from_environment(key_dir, monkeypatch):
    k1, k2 = crypto.new_key(), crypto.new_key()
    monkeypatch.setenv("FULIAN_FIELD_KEY", f"k1:{k1}")
    crypto.reset_keyring()
    token = crypto.encrypt("x")
    digest = crypto.lookup_hash("x")
    monkeypatch.setenv("FULIAN_FIELD_KEY", f"k2:{k2},k1:{k1}")
    crypto.reset_keyring()
    assert crypto.decrypt(token) == "x"
    assert crypto.key_id_of(crypto.encrypt("x")) == "k2"
    assert crypto.lookup_hash("x") == digest  # derived from the oldest key, kept last
    assert not (key_dir / "field_keys.json").exists()


def test_tampered_or_unknown_key_fails(key_dir):
    token = crypto.encrypt("secret")
    with pytest.raises(crypto.DecryptionError, match="解密失败"):
        crypto.decrypt(token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1])
    with pytest.raises(crypto.DecryptionError, match="未知密钥编号 k9"):
        crypto.decrypt(token.replace(":k1:", ":k9:"))


@pytest.mark.django_db
def test_rotate_command_reencrypts_old_rows(key_dir, cast):
    from django.core.management import call_command
    from django.db import connection

    from fulian.people.models import Person

    person = Person.objects.create(
        name="张丽", birth_date="1990-05-06", village=cast.village_a1, id_number="51178119900506124X"
    )
    path = key_dir / "field_keys.json"
    data = json.loads(path.read_text())
    data["keys"]["k2"] = crypto.new_key()
    data["current"] = "k2"
    crypto.write_key_file(path, data)
    crypto.reset_keyring()

    def stored():
        with connection.cursor() as cur:
            cur.execute("SELECT id_number FROM people_person WHERE id = %s", [person.pk])
            return cur.fetchone()[0]

    call_command("rotate_field_keys")  # dry run
    assert crypto.key_id_of(stored()) == "k1"
    call_command("rotate_field_keys", "--commit", "--rehash")
    assert crypto.key_id_of(stored()) == "k2"
    assert Person.objects.get(pk=person.pk).id_number == "51178119900506124X"


@given(key=st.binary(min_size=1, max_size=100), value=st.text(max_size=40), purpose=st.text(max_size=10))
def test_the_lookup_hash_is_hmac_sha256_of_purpose_and_value(key, value, purpose):
    """`lookup_hash` computes HMAC-SHA256 itself (pads hashed once per key): it must give what the
    standard library's HMAC gives, for keys shorter and longer than SHA-256's 64-byte block."""
    ring = crypto.KeyRing(current="k1", keys={"k1": b"\0" * 32}, hash_key=key)
    with patch.object(crypto, "keyring", lambda: ring):
        expected = hmac.new(key, f"{purpose}\x00{value}".encode(), hashlib.sha256).hexdigest()
        assert crypto.lookup_hash(value, purpose=purpose) == (expected if value else "")
