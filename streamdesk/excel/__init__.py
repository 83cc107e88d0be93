"""Excel, CSV and iCalendar export and import: pure functions of (plan file, path)."""
