"""Facts per person: affiliation spells, moves, career stages (SQL the store runs)."""
