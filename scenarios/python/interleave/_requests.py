"""What a service awaits. Each request object is yielded up the coroutine
chain to the C++ stepper (scenarios/python/stepper.cc), which performs it on
the model between two steps and sends the result back, or throws the mapped
exception in. So every await below is a scheduling point, and no Python
frame is running while the scheduler switches actors."""


class Request:
    __slots__ = ()
    kind = ""

    def __await__(self):
        return (yield self)


class Execute(Request):
    __slots__ = ("session", "sql", "params")
    kind = "execute"

    def __init__(self, session, sql, params):
        self.session, self.sql, self.params = session, sql, params


class Commit(Request):
    __slots__ = ("session",)
    kind = "commit"

    def __init__(self, session):
        self.session = session


class Rollback(Request):
    __slots__ = ("session",)
    kind = "rollback"

    def __init__(self, session):
        self.session = session


class StartWorkflow(Request):
    __slots__ = ("type", "id", "start")
    kind = "start_workflow"

    def __init__(self, type, id, start):
        # start(): the workflow's coroutine, made on the workflow's own actor.
        self.type, self.id, self.start = type, id, start


class WaitForResult(Request):
    __slots__ = ("id",)
    kind = "wait_for_result"

    def __init__(self, id):
        self.id = id


class ExecuteActivity(Request):
    __slots__ = ("name", "start", "timeout_ms", "retry")
    kind = "execute_activity"

    def __init__(self, name, start, timeout_ms, retry):
        # retry: None (one attempt) or (initial_ms, coefficient, maximum_ms or
        # None, maximum_attempts, [non-retryable types]).
        self.name, self.start, self.timeout_ms, self.retry = name, start, timeout_ms, retry


class Sleep(Request):
    __slots__ = ("ms",)
    kind = "sleep"

    def __init__(self, ms):
        self.ms = ms
