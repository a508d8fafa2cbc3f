"""The decorator API a service module declares itself with:

    service = Service("tenant", keys={"create_tenant": "slug"}, refusals=(ValueError,))

    @service.variant("seed")
    class TenantService:
        def __init__(self):
            self.session = AsyncSession()

        async def create_tenant(self, name, slug): ...

Each public `async def` of a variant class is an operation a scenario's
actors call (arguments by name, as text); a fresh instance serves each call.
`keys` names the argument the properties know a call by, or gives a function
of the call's arguments (a dict) that returns its key; `refusals` are the
exceptions that are a clean refusal (a 409), as is an HTTPException below 500;
`ledger_names` renames an operation's calls for the properties.

An operation decorated with `@route("GET /api/v1/tenants/{tenant_slug}/products")`
is an HTTP request, as FastAPI serves it: its `db` parameter is the request's
session (get_db), rolled back when the response goes out; an HTTPException is
its answer, any other exception a 500; the properties judge its response.
The argument its key names fills the path's slot.
"""

import importlib.util
import inspect
import sys

from .errors import HTTPException


class ServiceError(Exception):
    """A service module that does not declare itself as above."""


_ROUTE_SESSION = "db"  # a route's parameter that receives the request's session


def route(name):
    """Marks an operation as the HTTP route `name` ("METHOD /path/{slot}")."""
    def mark(fn):
        fn.__interleave_route__ = name
        return fn
    return mark


class Operation:
    def __init__(self, name, required, optional, route):
        self.name, self.required, self.optional, self.route = name, required, optional, route


class Service:
    def __init__(self, name, *, keys=None, refusals=(), ledger_names=None):
        self.name = name
        self.keys = dict(keys or {})
        # The name a property knows an operation's calls by, when not its own.
        self.ledger_names = dict(ledger_names or {})
        self.refusals = tuple(refusals)
        self.variants = {}  # name -> class, in declaration order

    def variant(self, *names):
        def register(cls):
            for name in names:
                if name in self.variants:
                    raise ServiceError(f"variant '{name}' declared twice")
                self.variants[name] = cls
            return cls
        return register

    def operations(self):
        if not self.variants:
            raise ServiceError(f"service '{self.name}' declares no variant (decorate a class with @service.variant)")
        found = None
        for variant, cls in self.variants.items():
            names = [name for name, fn in inspect.getmembers(cls, inspect.iscoroutinefunction)
                     if not name.startswith("_")]
            if found is None:
                found = names
                first, first_cls = variant, cls
            elif names != found:
                raise ServiceError(f"variant '{variant}' has operations {names}, variant '{first}' has {found}")
        result = []
        for name in found:
            fn = getattr(first_cls, name)
            path = getattr(fn, "__interleave_route__", "")
            params = list(inspect.signature(fn).parameters.values())[1:]
            if path:
                if not any(p.name == _ROUTE_SESSION for p in params):
                    raise ServiceError(f"route '{name}' ({path}) has no `{_ROUTE_SESSION}` parameter for the "
                                       "request's session")
                params = [p for p in params if p.name != _ROUTE_SESSION]
            required = [p.name for p in params if p.default is inspect.Parameter.empty]
            optional = [p.name for p in params if p.default is not inspect.Parameter.empty]
            result.append(Operation(name, required, optional, path))
        return result

    def call(self, variant, operation, arguments, db=None):
        if db is not None:
            arguments = dict(arguments, **{_ROUTE_SESSION: db})
        return getattr(self.variants[variant](), operation)(**arguments)

    def ledger_name(self, operation):
        return self.ledger_names.get(operation, operation)

    def is_refusal(self, error):
        if isinstance(error, HTTPException):
            return error.status_code < 500
        return isinstance(error, self.refusals)


def load(path, module_name):
    """Imports the module at `path` and returns its Service."""
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    if "sqlalchemy" in sys.modules:
        from .db import prepare_sqlalchemy
        prepare_sqlalchemy()
    services = [value for value in vars(module).values() if isinstance(value, Service)]
    if len(services) != 1:
        raise ServiceError(f"{path}: declares {len(services)} interleave.Service objects; exactly one expected")
    return services[0]
