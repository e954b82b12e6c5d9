"""Legacy importers: load an authority's returns from its previous system into the record,
through the same services workers' pages call (docs/returns.md, "Legacy import")."""
