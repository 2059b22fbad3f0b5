"""The project-list workbook (../shared/docs/import-format.md): format rules, import, export, pages."""
