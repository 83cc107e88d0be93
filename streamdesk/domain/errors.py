"""The one error type the domain raises for invalid data."""


class ValidationError(ValueError):
    """A value that the plan cannot hold; ``field`` names what was wrong."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
