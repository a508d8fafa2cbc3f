"""Report 001's snippet (Option 1's register), pasted from
/work/shared/seeds/001_*.txt, indented into its class. Ours: the imports,
the objects it uses (the session, get_temporal_client, settings, logger),
and the registration's models and provisioning workflow, imported from
examples/python/services/registration.py.

Two lines of the snippet could not stay as written: its parameter list is
`(self, ...)`, a syntax error in Python, so it names the parameters; and its
placeholder comment "# Create user and tenant objects" is followed by the
lines that create them (the user flushed for the tenant's owner_id)."""

import sys
from pathlib import Path

from interleave import AsyncSession, IntegrityError, Service, client
from interleave.harness import logger

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "examples" / "python" / "services"))
from registration import Tenant, TenantProvisioningWorkflow, User  # noqa: E402


class settings:
    temporal_task_queue = "tenants"


async def get_temporal_client():
    return client


service = Service("snippet-001", keys={"register": "tenant_slug"}, refusals=(ValueError,))


@service.variant("fixed")
class RegistrationService:
    def __init__(self):
        self.session = AsyncSession()

    # ---- the report's snippet; its signature and placeholder filled in ----
    async def register(self, email: str, tenant_slug: str, tenant_name: str = "") -> tuple[User, str]:
        # Create user and tenant objects
        user = User(email=email, name=email)
        self.session.add(user)
        await self.session.flush()  # the tenant's owner_id
        tenant = Tenant(name=tenant_name or tenant_slug, slug=tenant_slug, status="provisioning", is_active=True,
                        schema_name=f"tenant_{tenant_slug}", owner_id=user.id)
        self.session.add(tenant)

        # 1. COMMIT FIRST (Point of No Return)
        try:
            await self.session.commit()
        except IntegrityError as e:
            await self.session.rollback()
            raise ValueError("Tenant or User already exists") from e

        # 2. Refresh to ensure we have IDs
        await self.session.refresh(user)
        await self.session.refresh(tenant)

        # 3. Start Workflow AFTER commit
        workflow_id = f"tenant-provision-{tenant_slug}"

        try:
            client = await get_temporal_client()
            await client.start_workflow(
                TenantProvisioningWorkflow.run,
                args=[str(tenant.id), str(user.id)],
                id=workflow_id,
                task_queue=settings.temporal_task_queue,
            )
        except Exception as e:
            # Log error. Do NOT rollback DB. Tenant exists in "provisioning" state.
            # A background sweeper should retry these stuck tenants.
            logger.error(f"Failed to start provisioning workflow for {tenant.id}: {e}")

        return user, workflow_id
