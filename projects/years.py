"""The years a list, a report or an indicator value may have: one range for models, forms, filters, imports and
commands."""

MIN_YEAR, MAX_YEAR = 2000, 2100
