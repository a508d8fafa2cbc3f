"""What a scenario's glue code needs from the run, beside the reports' own
code: a committed row's id read without a statement (a workflow's input,
which the caller already holds), the calling actor's name, and recording an
activity's runs for the properties that judge each of them."""

import functools

import _interleave


def committed_id(table, column, value):
    """The id of the committed row of `table` whose `column` is `value`, or None."""
    return _interleave.committed_id(table, column, value)


def actor_name():
    return _interleave.actor_name()


def recorded(operation, key, success="ok"):
    """Records each run of the decorated coroutine function as a call of
    `operation` with key `key(*args)`: `success` as its detail when it
    returns, the exception when one escapes (raised again)."""

    def wrap(fn):
        @functools.wraps(fn)
        async def run(*args):
            run_key = key(*args)
            try:
                result = await fn(*args)
            except Exception as error:
                _interleave.record_call(operation, run_key, False, str(error))
                raise
            _interleave.record_call(operation, run_key, True, success)
            return result
        return run
    return wrap


class _Logger:
    """The service's logger: error() lines become log.error events of the trace."""

    def error(self, message, *args):
        _interleave.log_error(message % args if args else message)

    def exception(self, message, *args):
        self.error(message, *args)

    def warning(self, message, *args):
        pass

    def info(self, message, *args):
        pass

    def debug(self, message, *args):
        pass


logger = _Logger()
