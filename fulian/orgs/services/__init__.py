"""Writes to the organisation tree, one module per area: `divisions` (the national import), `units` (org UI)."""
