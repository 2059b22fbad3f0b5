"""Number formats for Chinese pages: amounts in 万元 grouped by thousands with a comma (1,143,000.00), as in
the zone's reports and in the English pages. Django's own zh_Hans formats leave numbers ungrouped; everything
else (dates, inputs) keeps Django's defaults, and input fields stay ungrouped (USE_THOUSAND_SEPARATOR off)."""

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
