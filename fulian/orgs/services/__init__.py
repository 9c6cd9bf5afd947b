"""Writes to the organisation tree, one module per area: `divisions` (national import), `units` (org UI)."""
