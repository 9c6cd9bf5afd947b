def register(router) -> None:
    """Routes of this ledger under /api/v1/."""
