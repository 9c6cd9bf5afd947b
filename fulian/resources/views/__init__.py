"""Pages of the app: `funds` (funds, donations, uses, the receipt), `work` (services handled, projects and
bases, pairings)."""
