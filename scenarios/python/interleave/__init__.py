"""interleave's Python API: what a service module imports to run its async
code under interleave's scheduler (README "Services in Python").

    from interleave import AsyncSession, IntegrityError, Service, text
"""

import _interleave

from . import _determinism
from .db import AsyncSession, Model, Result, async_session, text
from .errors import (ActivityError, ApplicationError, DBAPIError, DeterminismError, HTTPException, IntegrityError,
                     MultipleResultsFound, NoResultFound, RPCError, WorkflowAlreadyStartedError, WorkflowFailureError)
from .service import Service, route
from .temporal import Client, RetryPolicy, activity, client, sleep, workflow


def now():
    """The schedule's virtual time, in seconds since the run began."""
    return _interleave.now_ms() / 1000.0


_determinism.install()

__all__ = ["ActivityError", "ApplicationError", "AsyncSession", "Client", "DBAPIError", "DeterminismError",
           "HTTPException", "IntegrityError", "Model", "MultipleResultsFound", "NoResultFound", "RPCError", "Result",
           "RetryPolicy", "Service", "WorkflowAlreadyStartedError", "WorkflowFailureError", "activity",
           "async_session", "client", "now", "route", "sleep", "text", "workflow"]
