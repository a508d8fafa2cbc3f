"""Report 001 (ghost workflow), from the report's own code: registration
flushes the user and the tenant and, in the code as reported, starts the
provisioning workflow with their uncommitted ids before it commits; the
workflow may then run for rows that roll back or are not yet visible.

Variants: seed (start, then commit; no sweeper), fixed (Option 1: commit
first, then start; a failed start is logged and a background sweeper
starts the workflow of a tenant left `provisioning`)."""

from interleave import (AsyncSession, DBAPIError, IntegrityError, Model, Service, WorkflowAlreadyStartedError,
                        activity, client, sleep, text, workflow)
from interleave.errors import UniqueViolation
from interleave.harness import logger

service = Service("registration", keys={"register": "slug"}, refusals=(ValueError,))


class User(Model):
    __tablename__ = "users"


class Tenant(Model):
    __tablename__ = "tenants"


class Membership(Model):
    __tablename__ = "memberships"


@activity.defn
async def get_tenant_info(tenant_id: str) -> str:
    session = AsyncSession()
    found = await session.execute(text("SELECT schema_name FROM tenants WHERE id = :id"), {"id": int(tenant_id)})
    await session.commit()
    schema = found.scalar_one_or_none()
    if schema is None:
        raise ValueError(f"Tenant {tenant_id} not found")
    return schema


@activity.defn
async def create_tenant_schema(schema: str) -> None:
    # CREATE SCHEMA IF NOT EXISTS, as a re-run after a lost completion needs.
    session = AsyncSession()
    try:
        await session.execute(text(f'CREATE SCHEMA "{schema}"'))
        await session.execute(text(f'CREATE TABLE "{schema}".products (id bigint NOT NULL, name text NOT NULL)'))
        await session.commit()
    except DBAPIError as e:
        await session.rollback()
        if e.sqlstate != "42P06":  # duplicate schema
            raise


@activity.defn
async def create_admin_membership(user_id: str, tenant_id: str) -> bool:
    # Report 003's fixed activity.
    session = AsyncSession()
    found = await session.execute(text("SELECT id FROM memberships WHERE user_id = :user_id AND tenant_id = :tenant_id"),
                                  {"user_id": int(user_id), "tenant_id": int(tenant_id)})
    if found.first() is not None:
        return True
    try:
        session.add(Membership(user_id=int(user_id), tenant_id=int(tenant_id), role="admin"))
        await session.commit()
    except IntegrityError as e:
        await session.rollback()
        if isinstance(e.orig, UniqueViolation):
            return True
        raise RuntimeError(f"Failed to create membership: {e}") from e
    return True


@activity.defn
async def mark_tenant_ready(tenant_id: str) -> None:
    session = AsyncSession()
    await session.execute(text("UPDATE tenants SET status = 'ready' WHERE id = :id"), {"id": int(tenant_id)})
    await session.commit()


@workflow.defn
class TenantProvisioningWorkflow:
    @workflow.run
    async def run(self, tenant_id: str, user_id: str) -> None:
        schema = await workflow.execute_activity(get_tenant_info, args=[tenant_id])
        await workflow.execute_activity(create_tenant_schema, args=[schema])
        await workflow.execute_activity(create_admin_membership, args=[user_id, tenant_id])
        await workflow.execute_activity(mark_tenant_ready, args=[tenant_id])


class _Registration:
    def __init__(self):
        self.session = AsyncSession()

    async def _add_user_and_tenant(self, email: str, tenant_name: str, slug: str):
        user = User(email=email, name=email)
        self.session.add(user)
        await self.session.flush()
        tenant = Tenant(name=tenant_name, slug=slug, status="provisioning", is_active=True,
                        schema_name=f"tenant_{slug}", owner_id=user.id)
        self.session.add(tenant)
        await self.session.flush()
        return user, tenant


@service.variant("seed")
class RegistrationService(_Registration):
    async def register(self, email: str, slug: str, tenant_name: str = "") -> str:
        try:
            # IDs in memory, not in the DB.
            user, tenant = await self._add_user_and_tenant(email, tenant_name or slug, slug)
            workflow_id = f"tenant-provision-{slug}"
            await client.start_workflow(TenantProvisioningWorkflow.run, args=[str(tenant.id), str(user.id)],
                                        id=workflow_id, task_queue="tenants")  # with uncommitted ids
            await self.session.commit()  # too late
        except IntegrityError as e:
            await self.session.rollback()
            raise ValueError("Tenant or User already exists") from e
        return workflow_id

    async def sweep_stuck_tenants(self, passes: str = "2", every_ms: str = "60000") -> str:
        return "no sweeper"  # the code as reported has none


@service.variant("fixed")
class FixedRegistrationService(_Registration):
    async def register(self, email: str, slug: str, tenant_name: str = "") -> str:
        # Create user and tenant objects
        try:
            user, tenant = await self._add_user_and_tenant(email, tenant_name or slug, slug)
            # 1. COMMIT FIRST (Point of No Return)
            await self.session.commit()
        except IntegrityError as e:
            await self.session.rollback()
            raise ValueError("Tenant or User already exists") from e

        # 2. Refresh to ensure we have IDs
        await self.session.refresh(user)
        await self.session.refresh(tenant)

        # 3. Start Workflow AFTER commit
        workflow_id = f"tenant-provision-{slug}"
        try:
            await client.start_workflow(TenantProvisioningWorkflow.run, args=[str(tenant.id), str(user.id)],
                                        id=workflow_id, task_queue="tenants")
        except Exception as e:
            # Log error. Do NOT rollback DB. Tenant exists in "provisioning" state.
            # A background sweeper should retry these stuck tenants.
            logger.error(f"Failed to start provisioning workflow for {tenant.id}: {e}")
        return workflow_id

    async def sweep_stuck_tenants(self, passes: str = "2", every_ms: str = "60000") -> str:
        # The real sweeper runs for ever; `passes` passes, `every_ms` apart.
        started = 0
        for number in range(int(passes)):
            if number > 0:
                await sleep(int(every_ms) / 1000)
            session = AsyncSession()
            stuck = await session.execute(text("SELECT id, slug, owner_id FROM tenants WHERE status = 'provisioning' "
                                               "ORDER BY id"))
            await session.commit()
            for tenant in stuck:
                try:
                    await client.start_workflow(TenantProvisioningWorkflow.run,
                                                args=[str(tenant.id), str(tenant.owner_id)],
                                                id=f"tenant-provision-{tenant.slug}", task_queue="tenants")
                    started += 1
                except WorkflowAlreadyStartedError:
                    pass  # its workflow is running: not stuck
                except Exception as e:
                    logger.error(f"sweeper: {e}")
        return f"{passes} pass(es), {started} workflow(s) started"
