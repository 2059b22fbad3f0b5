"""Permission rows for the project-list workbook pages (tests/test_permission_matrix.py)."""

from tests.permission_rows import Row

MANAGERS_ONLY = {"staff_a": 403, "staff_b": 403, "manager": 200, "admin": 200}
ALL_OK = {"staff_a": 200, "staff_b": 200, "manager": 200, "admin": 200}

ROWS = [
    # POST without a file re-renders the form with its error.
    Row("projects:import", lambda w: "/projects/import/", get=MANAGERS_ONLY, post=MANAGERS_ONLY),
    # Confirm is POST only; without a checked upload in the session it sends back to the upload page.
    Row(
        "projects:import_confirm",
        lambda w: "/projects/import/confirm/",
        get={"staff_a": 403, "staff_b": 403, "manager": 405, "admin": 405},
        post={"staff_a": 403, "staff_b": 403, "manager": 302, "admin": 302},
    ),
    Row("projects:import_template", lambda w: "/projects/import/template/", get=MANAGERS_ONLY),
    Row("projects:export_xlsx", lambda w: "/projects/export/xlsx/?year=2025", get=ALL_OK),
    Row("projects:export_csv", lambda w: "/projects/export/csv/?year=2025", get=ALL_OK),
]
