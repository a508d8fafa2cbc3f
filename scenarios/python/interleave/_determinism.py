"""Inside a service, what the schedule does not decide is refused with an
error that says what to use instead: wall-clock time, randomness, uuid4,
threads and blocking sleeps would make two runs of one seed differ.
asyncio.sleep becomes a virtual-time sleep. Outside a service step (loading
modules, the runtime's own code), and for the standard library's and
installed packages' own calls, the originals run."""

import asyncio
import datetime
import os
import random
import sys
import threading
import time
import uuid

import _interleave

from .errors import DeterminismError
from .temporal import sleep as _virtual_sleep


_LIBRARIES = (f"{sys.base_prefix}/lib/python", "/usr/lib/python3", "<frozen")


def _from_library(filename):
    # The standard library's and installed packages' own calls (SQLAlchemy
    # times its statement compilation) are theirs: only the service's code
    # is held to the schedule.
    return filename.startswith(_LIBRARIES) or "-packages/" in filename


def _check(what, instead):
    if _interleave.in_service() and not _from_library(sys._getframe(2).f_code.co_filename):
        raise DeterminismError(f"{what} inside a service is not deterministic under interleave: {instead}")


def _refuse(what, instead):
    def guarded(original):
        def call(*args, **kwargs):
            _check(what, instead)
            return original(*args, **kwargs)
        call.__name__ = getattr(original, "__name__", what)
        return call
    return guarded


_CLOCK = "use interleave.now() (the schedule's virtual time)"


def install():
    for name in ("time", "time_ns", "monotonic", "monotonic_ns", "perf_counter", "perf_counter_ns"):
        setattr(time, name, _refuse(f"time.{name}()", _CLOCK)(getattr(time, name)))
    time.sleep = _refuse("time.sleep()", "await interleave.sleep(seconds) (virtual time)")(time.sleep)
    for name in ("random", "randint", "randrange", "choice", "choices", "shuffle", "sample", "uniform",
                 "getrandbits", "randbytes", "gauss"):
        setattr(random, name, _refuse(f"random.{name}()", "put the alternatives in the scenario (a|b)")
                (getattr(random, name)))
    uuid.uuid4 = _refuse("uuid.uuid4()", "take the id as an argument from the scenario")(uuid.uuid4)
    os.urandom = _refuse("os.urandom()", "put the alternatives in the scenario (a|b)")(os.urandom)
    threading.Thread.start = _refuse("threading.Thread.start()",
                                     "the scheduler runs actors; declare another actor in the scenario")(
        threading.Thread.start)

    real_datetime = datetime.datetime

    class GuardedDatetime(real_datetime):
        @classmethod
        def now(cls, tz=None):
            _check("datetime.now()", _CLOCK)
            return real_datetime.now(tz)

        @classmethod
        def utcnow(cls):
            _check("datetime.utcnow()", _CLOCK)
            return real_datetime.utcnow()

        @classmethod
        def today(cls):
            _check("datetime.today()", _CLOCK)
            return real_datetime.today()

    datetime.datetime = GuardedDatetime

    real_sleep = asyncio.sleep

    def sleep(delay, result=None):
        if _interleave.in_service():
            return _virtual_sleep(delay)
        return real_sleep(delay, result)

    asyncio.sleep = sleep
