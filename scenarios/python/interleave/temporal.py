"""A Temporal-like client over the workflow model: workflow ids unique while
a run is open, each activity attempt its own actor, retries and timeouts in
virtual time, and the schedule's faults (lost completions, an unreachable
service, a crashed worker)."""

from datetime import timedelta

from ._requests import ExecuteActivity, Sleep, StartWorkflow, WaitForResult


def _ms(duration):
    if duration is None:
        return None
    if isinstance(duration, timedelta):
        return int(duration / timedelta(milliseconds=1))
    return int(duration * 1000)


class RetryPolicy:
    def __init__(self, initial_interval=timedelta(seconds=1), backoff_coefficient=2.0, maximum_interval=None,
                 maximum_attempts=0, non_retryable_error_types=None):
        self.initial_interval = initial_interval
        self.backoff_coefficient = backoff_coefficient
        self.maximum_interval = maximum_interval
        self.maximum_attempts = maximum_attempts
        self.non_retryable_error_types = list(non_retryable_error_types or [])

    def _fields(self):
        return (_ms(self.initial_interval), float(self.backoff_coefficient), _ms(self.maximum_interval),
                int(self.maximum_attempts), self.non_retryable_error_types)


def _definition_name(fn):
    # Temporal names a workflow by its class (or its defn(name=...)) and an
    # activity by its function.
    owner = getattr(fn, "__qualname__", "").split(".")
    if len(owner) >= 2 and owner[-2] != "<locals>":
        cls = fn.__globals__.get(owner[-2])
        return getattr(cls, "__temporal_name__", owner[-2])
    return getattr(fn, "__temporal_name__", fn.__name__)


def _starter(fn, args):
    qualname = fn.__qualname__.split(".")
    if len(qualname) >= 2:
        # An unbound `Workflow.run`: a fresh instance per run, as the worker does.
        cls = fn.__globals__[qualname[-2]]
        return lambda: fn(cls(), *args)
    return lambda: fn(*args)


class WorkflowHandle:
    def __init__(self, id):
        self.id = id

    async def result(self):
        return await WaitForResult(self.id)


class Client:
    @staticmethod
    async def connect(*args, **kwargs):
        return client

    async def start_workflow(self, workflow, arg=None, *, args=None, id, task_queue=None, **options):
        args = list(args) if args is not None else ([] if arg is None else [arg])
        await StartWorkflow(_definition_name(workflow), id, _starter(workflow, args))
        return WorkflowHandle(id)

    async def execute_workflow(self, workflow, arg=None, *, args=None, id, task_queue=None, **options):
        handle = await self.start_workflow(workflow, arg, args=args, id=id, task_queue=task_queue)
        return await handle.result()

    def get_workflow_handle(self, id):
        return WorkflowHandle(id)


client = Client()


class _Workflow:
    """The `workflow` module's decorators and calls."""

    @staticmethod
    def defn(cls=None, *, name=None, **kwargs):
        def mark(c):
            if name is not None:
                c.__temporal_name__ = name
            return c
        return mark(cls) if cls is not None else mark

    @staticmethod
    def run(fn):
        return fn

    @staticmethod
    async def execute_activity(activity, arg=None, *, args=None, start_to_close_timeout=None, retry_policy=None,
                               **options):
        args = list(args) if args is not None else ([] if arg is None else [arg])
        retry = retry_policy._fields() if retry_policy is not None else None
        name = getattr(activity, "__temporal_name__", activity.__name__)
        return await ExecuteActivity(name, lambda: activity(*args), _ms(start_to_close_timeout), retry)

    @staticmethod
    async def sleep(duration):
        await Sleep(_ms(duration))


class _Activity:
    @staticmethod
    def defn(fn=None, *, name=None):
        def mark(f):
            f.__temporal_name__ = name or f.__name__
            return f
        return mark(fn) if fn is not None else mark


workflow = _Workflow()
activity = _Activity()


async def sleep(seconds):
    """Virtual time: a scheduling point that lets other actors move first."""
    await Sleep(_ms(seconds))
