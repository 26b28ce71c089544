"""The one error type users see: a clear message, no traceback."""


class KgError(Exception):
    """A failure caused by input or environment, reported to the user as one line.

    ``exit_code`` follows the CLI's convention: 2 for bad input or an unusable store,
    1 for a completed check that found problems (``kg validate``).
    """

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code
