"""Report 003 (membership activity not idempotent), from the report's own
code: create_admin_membership checks for the membership, then inserts it; a
concurrent run, or the workflow service running an attempt again after a
lost completion, meets the unique constraint on (user_id, tenant_id).

Variants: seed (every IntegrityError fails the activity), fixed (Option 1:
a unique violation is the membership already there, an idempotent success;
a foreign-key violation stays an error)."""

from datetime import timedelta

from interleave import AsyncSession, IntegrityError, Model, RetryPolicy, Service, activity, client, text, workflow
from interleave.errors import UniqueViolation
from interleave.harness import actor_name, committed_id, recorded

service = Service("membership", keys={"create_admin_membership": "user"},
                  ledger_names={"create_admin_membership": "AdminMembershipWorkflow"})


class Membership(Model):
    __tablename__ = "memberships"


def run_key(user_id: int, tenant_id: int) -> str:
    # How the idempotent-membership property knows each run of the activity.
    return f"user {user_id} tenant {tenant_id}"


async def _membership_exists(session: AsyncSession, user_id: int, tenant_id: int) -> bool:
    found = await session.execute(text("SELECT id FROM memberships WHERE user_id = :user_id AND tenant_id = :tenant_id"),
                                  {"user_id": user_id, "tenant_id": tenant_id})
    return found.first() is not None


@activity.defn(name="create_admin_membership")
@recorded("create_admin_membership", run_key, success="membership exists")
async def create_admin_membership_seed(user_id: int, tenant_id: int) -> bool:
    session = AsyncSession()
    if await _membership_exists(session, user_id, tenant_id):
        return True
    membership = Membership(user_id=user_id, tenant_id=tenant_id, role="admin")
    try:
        session.add(membership)
        await session.commit()
    except IntegrityError as e:
        await session.rollback()
        raise RuntimeError(f"Failed to create membership (FK violation): {e}") from e
    return True


@activity.defn(name="create_admin_membership")
@recorded("create_admin_membership", run_key, success="membership exists")
async def create_admin_membership_fixed(user_id: int, tenant_id: int) -> bool:
    session = AsyncSession()
    if await _membership_exists(session, user_id, tenant_id):
        return True
    membership = Membership(user_id=user_id, tenant_id=tenant_id, role="admin")
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


ACTIVITIES = {"seed": create_admin_membership_seed, "fixed": create_admin_membership_fixed}


@workflow.defn
class AdminMembershipWorkflow:
    @workflow.run
    async def run(self, variant: str, user_id: int, tenant_id: int) -> None:
        # TenantProvisioningWorkflow's options for this activity.
        await workflow.execute_activity(ACTIVITIES[variant], args=[user_id, tenant_id],
                                        start_to_close_timeout=timedelta(seconds=30),
                                        retry_policy=RetryPolicy(maximum_attempts=3,
                                                                 initial_interval=timedelta(seconds=1)))


class _MembershipCaller:
    """The scenario's caller: starts the workflow for the committed user and
    tenant (id 0 for a row no one committed, as a workflow would pass the id
    of a row that is gone) and waits for it."""

    variant = ""

    async def create_admin_membership(self, user: str, tenant: str) -> str:
        user_id = committed_id("users", "email", user) or 0
        tenant_id = committed_id("tenants", "slug", tenant) or 0
        handle = await client.start_workflow(AdminMembershipWorkflow.run, args=[self.variant, user_id, tenant_id],
                                             id=f"admin-membership-{actor_name()}", task_queue="tenants")
        await handle.result()
        return "completed"


@service.variant("seed")
class SeedMembership(_MembershipCaller):
    variant = "seed"


@service.variant("fixed")
class FixedMembership(_MembershipCaller):
    variant = "fixed"
