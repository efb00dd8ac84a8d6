"""schemafirst: one schema, typed everywhere."""

__version__ = "0.1.0"
