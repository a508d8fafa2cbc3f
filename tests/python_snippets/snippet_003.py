"""Report 003's snippets, pasted from /work/shared/seeds/003_*.txt into the
create_admin_membership activity: `seed` is the try block of the report's
fix with the except clause the report quotes from the code as it is; `fixed`
is the report's fix. Ours: the imports (interleave.errors' UniqueViolation
and ForeignKeyViolation for psycopg2.errors'), the session and the
membership object, and the workflow and caller, imported from
examples/python/services/membership.py.

The report's code is synchronous SQLAlchemy (`session.commit()`); under
interleave every database call is an `await` (a scheduling point), so the
snippets' session calls are awaited: that is their one change."""

import sys
from pathlib import Path

from interleave import AsyncSession, IntegrityError, Service, activity
from interleave.errors import ForeignKeyViolation, UniqueViolation  # noqa: F401 (the snippet's import)
from interleave.harness import recorded

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "examples" / "python" / "services"))
import membership as example  # noqa: E402


@activity.defn(name="create_admin_membership")
@recorded("create_admin_membership", example.run_key, success="membership exists")
async def create_admin_membership_seed(user_id: int, tenant_id: int) -> bool:
    session = AsyncSession()
    if await example._membership_exists(session, user_id, tenant_id):
        return True
    membership = example.Membership(user_id=user_id, tenant_id=tenant_id, role="admin")
    # ---- the report's snippets (the fix's try, the code's except) ----
    try:
        session.add(membership)
        await session.commit()
    except IntegrityError as e:
        await session.rollback()
        raise RuntimeError(f"Failed to create membership (FK violation): {e}") from e
    return True


@activity.defn(name="create_admin_membership")
@recorded("create_admin_membership", example.run_key, success="membership exists")
async def create_admin_membership_fixed(user_id: int, tenant_id: int) -> bool:
    session = AsyncSession()
    if await example._membership_exists(session, user_id, tenant_id):
        return True
    membership = example.Membership(user_id=user_id, tenant_id=tenant_id, role="admin")
    # ---- the report's fix ----
    try:
        session.add(membership)
        await session.commit()
    except IntegrityError as e:
        await session.rollback()
        # PostgreSQL unique violation = membership already exists (idempotent success)
        if isinstance(e.orig, UniqueViolation):
            return True
        # FK violation = user or tenant doesn't exist (real error)
        raise RuntimeError(f"Failed to create membership: {e}") from e
    return True


example.ACTIVITIES.update(seed=create_admin_membership_seed, fixed=create_admin_membership_fixed)

service = Service("snippet-003", keys={"create_admin_membership": "user"},
                  ledger_names={"create_admin_membership": "AdminMembershipWorkflow"})


@service.variant("seed")
class SeedMembership(example.SeedMembership):
    pass


@service.variant("fixed")
class FixedMembership(example.FixedMembership):
    pass
