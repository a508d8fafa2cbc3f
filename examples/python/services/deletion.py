"""Report 002 (tenant deletion window), from the report's own code:
TenantDeletionWorkflow (src/app/temporal/workflows.py) and the validation
every tenant route depends on, get_validated_tenant
(src/app/api/dependencies/tenant.py).

Variants: seed (drop the schema, then soft-delete; validation never looks at
deleted_at), fixed (Option 1 as written: soft-delete first, 410 for a deleted
tenant; a request that validated just before the soft-delete still runs its
handler after the drop), hardened (fixed, and the validation reads the tenant
FOR SHARE in the request's transaction, so the soft-delete waits for every
request that validated it)."""

from datetime import timedelta

from interleave import (AsyncSession, HTTPException, RetryPolicy, Service, activity, client, now, route, text,
                        workflow)

service = Service("deletion", keys={"delete_tenant": "tenant", "get_products": "tenant"})


class status:
    HTTP_403_FORBIDDEN = 403
    HTTP_404_NOT_FOUND = 404
    HTTP_410_GONE = 410
    HTTP_503_SERVICE_UNAVAILABLE = 503


class TenantStatus:
    READY = "ready"


# The activities: each opens its own session and commits, as a Temporal activity does.
@activity.defn
async def get_tenant_info(tenant_id: str) -> str:
    session = AsyncSession()
    found = await session.execute(text("SELECT schema_name FROM tenants WHERE id = :id"), {"id": int(tenant_id)})
    await session.commit()
    schema_name = found.scalar_one_or_none()
    if schema_name is None:
        raise ValueError(f"Tenant {tenant_id} not found")
    return schema_name


@activity.defn
async def drop_tenant_schema(schema_name: str) -> None:
    # IF EXISTS, so a retried attempt succeeds.
    session = AsyncSession()
    await session.execute(text(f'DROP SCHEMA IF EXISTS "{schema_name}" CASCADE'))
    await session.commit()


@activity.defn
async def soft_delete_tenant(tenant_id: str) -> None:
    # deleted_at=now(): the schedule's virtual time, in milliseconds.
    session = AsyncSession()
    await session.execute(text("UPDATE tenants SET is_active = false, deleted_at = :now WHERE id = :id"),
                          {"now": int(now() * 1000), "id": int(tenant_id)})
    await session.commit()


OPTIONS = {"start_to_close_timeout": timedelta(seconds=10), "retry_policy": RetryPolicy(maximum_attempts=3)}


@workflow.defn(name="TenantDeletionWorkflow")
class TenantDeletionWorkflow:
    """As reported: get_tenant_info, drop_tenant_schema, soft_delete_tenant."""

    @workflow.run
    async def run(self, tenant_id: str) -> dict:
        schema_name = await workflow.execute_activity(get_tenant_info, tenant_id, **OPTIONS)
        await workflow.execute_activity(drop_tenant_schema, schema_name, **OPTIONS)
        await workflow.execute_activity(soft_delete_tenant, tenant_id, **OPTIONS)
        return {"deleted": True, "tenant_id": tenant_id}


@workflow.defn(name="TenantDeletionWorkflow")
class SoftDeleteFirstTenantDeletionWorkflow:
    """Option 1: soft-delete first, then get the schema name and drop it."""

    @workflow.run
    async def run(self, tenant_id: str) -> dict:
        # Step 1: Soft-delete tenant record FIRST
        # This stops new API requests immediately with graceful 403
        await workflow.execute_activity(soft_delete_tenant, tenant_id, **OPTIONS)
        # Step 2: Get tenant info (need schema name)
        schema_name = await workflow.execute_activity(get_tenant_info, tenant_id, **OPTIONS)
        # Step 3: Drop tenant schema (now safe - no requests can reach it)
        await workflow.execute_activity(drop_tenant_schema, schema_name, **OPTIONS)
        return {"deleted": True, "tenant_id": tenant_id}


async def list_products(tenant, db: AsyncSession):
    """GET /api/v1/tenants/{tenant_slug}/products (src/app/api/routes/products.py).
    PostgreSQL accepts a search_path naming a missing schema; the SELECT then
    fails with 42P01."""
    await db.execute(text(f"SET search_path TO {tenant.schema_name}"))
    return (await db.execute(text("SELECT * FROM products"))).scalars().all()


class _Deletion:
    workflow = TenantDeletionWorkflow
    check_deleted_at = False
    tenant_query = "SELECT * FROM tenants WHERE slug = :slug"

    async def _get_validated_tenant(self, tenant_slug: str, db: AsyncSession):
        """get_validated_tenant (src/app/api/dependencies/tenant.py:24-50)."""
        tenant = (await db.execute(text(self.tenant_query), {"slug": tenant_slug})).first()
        if tenant is None:
            raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail="Tenant not found")
        if self.check_deleted_at and tenant.deleted_at is not None:
            raise HTTPException(status_code=status.HTTP_410_GONE, detail="Tenant has been deleted")
        if not tenant.is_active:
            raise HTTPException(status_code=status.HTTP_403_FORBIDDEN, detail="Tenant is inactive")
        if tenant.status != TenantStatus.READY:
            raise HTTPException(status_code=status.HTTP_503_SERVICE_UNAVAILABLE, detail="Tenant is not ready")
        return tenant

    async def delete_tenant(self, tenant: str) -> str:
        """DELETE /api/v1/tenants/{tenant_slug}: start the workflow and await it."""
        session = AsyncSession()
        found = await session.execute(text("SELECT id FROM tenants WHERE slug = :slug"), {"slug": tenant})
        await session.commit()
        tenant_id = found.scalar_one_or_none()
        if tenant_id is None:
            raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail="Tenant not found")
        workflow_id = f"tenant-delete-{tenant_id}"
        handle = await client.start_workflow(self.workflow.run, str(tenant_id), id=workflow_id, task_queue="tenants")
        await handle.result()
        return workflow_id

    @route("GET /api/v1/tenants/{tenant_slug}/products")
    async def get_products(self, tenant: str, db: AsyncSession):
        # Depends(get_validated_tenant), then the handler, on get_db's one session.
        validated = await self._get_validated_tenant(tenant, db)
        await list_products(validated, db)


@service.variant("seed")
class SeedDeletion(_Deletion):
    pass  # NO check for deleted_at


@service.variant("fixed")
class FixedDeletion(_Deletion):
    workflow = SoftDeleteFirstTenantDeletionWorkflow
    check_deleted_at = True


@service.variant("hardened")
class HardenedDeletion(FixedDeletion):
    # FOR SHARE, held until the request ends: the soft-delete's UPDATE waits for it.
    tenant_query = "SELECT * FROM tenants WHERE slug = :slug FOR SHARE"
