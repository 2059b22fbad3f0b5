"""Rows of the permission matrix, one module per feature, each with a list `ROWS`.

A row names a URL pattern (as `namespace:name`), builds its path from the `world` fixture, and gives the
expected status code per persona for GET and/or POST. Anonymous users are expected to be sent to the login page
(302), so the anonymous column is implied; an API endpoint answers them itself (`anonymous=401`). Every URL
pattern of the site must have a row
(admin, login and the language switch excepted): a new URL without one fails the suite.
"""

from dataclasses import dataclass, field


@dataclass
class Row:
    name: str
    path: object  # callable(world) -> str
    get: dict = field(default_factory=dict)  # persona -> expected status code
    post: dict = field(default_factory=dict)
    data: object = None  # callable(world) -> POST data, or None for an empty POST
    anonymous: int = 302  # what a request without a login gets (302 to the login page; 401 from the API)

    def __str__(self):
        return self.name
