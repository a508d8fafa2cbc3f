"""Report 000 (tenant slug TOCTOU), from the report's own code: the
existence check and the workflow start are not atomic, and the workflow's
first activity inserts the tenant.

Variants: seed (as reported), fixed (Option 1: the tenant record first,
under the unique constraint on slug), alt (Option 2 as written: an advisory
lock released before the workflow inserts the tenant), hardened (Option 2
holding the lock until the tenant is provisioned)."""

from interleave import AsyncSession, IntegrityError, Model, Service, activity, client, text, workflow

service = Service("tenant", keys={"create_tenant": "slug"}, refusals=(ValueError,))


class Tenant(Model):
    __tablename__ = "tenants"


class TenantStatus:
    PROVISIONING = "provisioning"
    READY = "ready"


@activity.defn
async def create_tenant_record(name: str, slug: str) -> None:
    session = AsyncSession()
    await session.execute(text("INSERT INTO tenants (name, slug, status) VALUES (:name, :slug, :status)"),
                          {"name": name, "slug": slug, "status": TenantStatus.PROVISIONING})
    await session.commit()


@activity.defn
async def mark_tenant_ready(slug: str) -> None:
    session = AsyncSession()
    await session.execute(text("UPDATE tenants SET status = :status WHERE slug = :slug"),
                          {"status": TenantStatus.READY, "slug": slug})
    await session.commit()


@activity.defn
async def mark_tenant_ready_by_id(tenant_id: str) -> None:
    session = AsyncSession()
    await session.execute(text("UPDATE tenants SET status = :status WHERE id = :id"),
                          {"status": TenantStatus.READY, "id": int(tenant_id)})
    await session.commit()


@workflow.defn
class TenantProvisioningWorkflow:
    @workflow.run
    async def run(self, name: str, slug: str) -> None:
        await workflow.execute_activity(create_tenant_record, args=[name, slug])
        await workflow.execute_activity(mark_tenant_ready, args=[slug])


@workflow.defn
class TenantProvisioningByIdWorkflow:
    """Option 1's workflow: it receives the tenant id."""

    @workflow.run
    async def run(self, tenant_id: str) -> None:
        await workflow.execute_activity(mark_tenant_ready_by_id, args=[tenant_id])


def get_workflow_id(slug: str) -> str:
    return f"tenant-provision-{slug}"


def slug_lock_key(slug: str) -> int:
    # FNV-1a, 64 bits, as the C++ service computes it: a stable bigint per slug
    # (Python's hash() of a str is salted per process).
    value = 0xcbf29ce484222325
    for byte in slug.encode():
        value = ((value ^ byte) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return value - (1 << 64) if value >= 1 << 63 else value


@service.variant("seed")
class TenantService:
    def __init__(self):
        self.session = AsyncSession()

    async def create_tenant(self, name: str, slug: str) -> str:
        # Time of check ...
        existing = await self.session.execute(text("SELECT id FROM tenants WHERE slug = :slug"), {"slug": slug})
        if existing.scalars().first() is not None:
            raise ValueError(f"Tenant with slug '{slug}' already exists")
        # ... time of use: another request may pass the same check meanwhile.
        workflow_id = get_workflow_id(slug)
        await client.start_workflow(TenantProvisioningWorkflow.run, args=[name, slug], id=workflow_id,
                                    task_queue="tenants")
        return workflow_id


@service.variant("fixed")
class FixedTenantService:
    def __init__(self):
        self.session = AsyncSession()

    async def create_tenant(self, name: str, slug: str) -> str:
        # Create tenant record FIRST (unique constraint on slug)
        try:
            tenant = Tenant(name=name, slug=slug, status=TenantStatus.PROVISIONING)
            self.session.add(tenant)
            await self.session.commit()
        except IntegrityError:
            await self.session.rollback()
            raise ValueError(f"Tenant with slug '{slug}' already exists")

        # Start workflow with tenant_id
        workflow_id = get_workflow_id(slug)
        await client.start_workflow(TenantProvisioningByIdWorkflow.run, args=[str(tenant.id)], id=workflow_id,
                                    task_queue="tenants")
        return workflow_id


class _AdvisoryLockTenantService:
    hold_lock_until_provisioned = False

    def __init__(self):
        self.session = AsyncSession()

    async def create_tenant(self, name: str, slug: str) -> str:
        await self.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": slug_lock_key(slug)})
        existing = await self.session.execute(text("SELECT id FROM tenants WHERE slug = :slug"), {"slug": slug})
        if existing.scalars().first() is not None:
            await self.session.rollback()  # releases the lock
            raise ValueError(f"Tenant with slug '{slug}' already exists")
        workflow_id = get_workflow_id(slug)
        handle = await client.start_workflow(TenantProvisioningWorkflow.run, args=[name, slug], id=workflow_id,
                                             task_queue="tenants")
        if self.hold_lock_until_provisioned:
            await handle.result()  # the tenant is committed
        await self.session.commit()  # releases the lock
        return workflow_id


@service.variant("alt")
class AdvisoryLockTenantService(_AdvisoryLockTenantService):
    pass


@service.variant("hardened")
class HardenedTenantService(_AdvisoryLockTenantService):
    hold_lock_until_provisioned = True
