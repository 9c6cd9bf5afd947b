"""How a transport error of either SDK is read: certainly not sent (TEMPORARY) or maybe sent (UNKNOWN)."""

from __future__ import annotations

from . import Outcome

# The connection was never made: the provider cannot have the message.
_NOT_CONNECTED = (
    "NewConnectionError",
    "Connection refused",
    "ConnectTimeout",
    "connect timeout",
    "Name or service",
)


def transport_outcome(exc: BaseException) -> Outcome:
    """A read timeout or a dropped connection after the request went out is UNKNOWN (the provider may have
    accepted it); only an error before the connection existed is safe to retry."""
    text = f"{type(exc).__name__}: {exc}"
    if "Read timed out" in text or "ReadTimeout" in text:
        return Outcome.UNKNOWN
    if any(marker in text for marker in _NOT_CONNECTED):
        return Outcome.TEMPORARY
    return Outcome.UNKNOWN
