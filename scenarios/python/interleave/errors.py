"""The exceptions services catch, named as SQLAlchemy, temporalio and FastAPI
name them, so a report's `except IntegrityError:` reads unchanged."""


class PgError(Exception):
    """The driver's error, as `DBAPIError.orig` (psycopg2.errors' classes)."""

    def __init__(self, message, sqlstate=""):
        super().__init__(message)
        self.pgcode = self.sqlstate = sqlstate


class UniqueViolation(PgError):
    pass


class ForeignKeyViolation(PgError):
    pass


class NotNullViolation(PgError):
    pass


_BY_SQLSTATE = {"23505": UniqueViolation, "23503": ForeignKeyViolation, "23502": NotNullViolation}


class DBAPIError(Exception):
    """A statement the database refused; `sqlstate` is PostgreSQL's SQLSTATE,
    `orig` the driver's error (isinstance(e.orig, UniqueViolation) reads as
    with psycopg2)."""

    def __init__(self, message, sqlstate="", detail=""):
        super().__init__(message)
        self.sqlstate = sqlstate
        self.pgcode = sqlstate
        self.detail = detail
        self.orig = _BY_SQLSTATE.get(sqlstate, PgError)(message, sqlstate)


class IntegrityError(DBAPIError):
    """SQLSTATE class 23: unique, foreign-key, not-null violations."""


class NoResultFound(Exception):
    pass


class MultipleResultsFound(Exception):
    pass


class WorkflowAlreadyStartedError(Exception):
    pass


class RPCError(Exception):
    """The workflow service was unreachable."""


class ApplicationError(Exception):
    def __init__(self, message="", *details, type=None, non_retryable=False):
        super().__init__(message)
        self.message = message
        self.details = details
        self.type = type
        self.non_retryable = non_retryable


class ActivityError(Exception):
    """An activity failed for good; `cause` is its last ApplicationError."""

    def __init__(self, message, cause=None, retry_state=""):
        super().__init__(message)
        self.cause = cause
        self.retry_state = retry_state
        self.__cause__ = cause


class WorkflowFailureError(Exception):
    pass


class HTTPException(Exception):
    """A route handler's answer: a status below 500 is a clean refusal."""

    def __init__(self, status_code, detail=None):
        super().__init__(f"{status_code}: {detail}" if detail is not None else str(status_code))
        self.status_code = status_code
        self.detail = detail


class DeterminismError(RuntimeError):
    """A service asked for something the schedule does not decide."""
