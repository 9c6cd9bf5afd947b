"""Pages of organisation building: `elections` (the guided process, seats, candidates, tallies, results and
their documents) and `cadres` (rosters and post history, cadre training, places)."""
