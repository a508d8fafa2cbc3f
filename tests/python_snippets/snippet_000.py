"""Report 000's snippet (Option 1's create_tenant), pasted from
/work/shared/seeds/000_*.txt as the report writes it, indented into its
class. Ours: the imports, the objects it uses (the session, tenant_repo as
the same session, the Temporal client, settings) and the workflow it
starts. Tenant is a SQLAlchemy declarative class: the report's
`tenant_repo.add(tenant)` + commit is its INSERT ... RETURNING."""

import enum

from sqlalchemy import BigInteger, Column, String
from sqlalchemy.orm import declarative_base

from interleave import AsyncSession, IntegrityError, Service, activity, client, text, workflow

Base = declarative_base()


class Tenant(Base):
    __tablename__ = "tenants"
    id = Column(BigInteger, primary_key=True)
    name = Column(String, nullable=False)
    slug = Column(String, nullable=False, unique=True)
    status = Column(String, nullable=False)


class TenantStatus(enum.Enum):
    PROVISIONING = "provisioning"
    READY = "ready"


class settings:
    temporal_task_queue = "tenants"


@activity.defn
async def mark_tenant_ready(tenant_id: str) -> None:
    session = AsyncSession()
    await session.execute(text("UPDATE tenants SET status = 'ready' WHERE id = :id"), {"id": int(tenant_id)})
    await session.commit()


@workflow.defn
class TenantProvisioningWorkflow:
    @workflow.run
    async def run(self, tenant_id: str) -> None:
        await workflow.execute_activity(mark_tenant_ready, args=[tenant_id])


service = Service("snippet-000", keys={"create_tenant": "slug"}, refusals=(ValueError,))


@service.variant("fixed")
class TenantService:
    def __init__(self):
        self.session = AsyncSession()
        self.tenant_repo = self.session

    def get_workflow_id(self, slug: str) -> str:
        return f"tenant-provision-{slug}"

    # ---- the report's snippet, unchanged ----
    async def create_tenant(self, name: str, slug: str) -> str:
        # Create tenant record FIRST (unique constraint on slug)
        try:
            tenant = Tenant(name=name, slug=slug, status=TenantStatus.PROVISIONING.value)
            self.tenant_repo.add(tenant)
            await self.session.commit()
        except IntegrityError:
            await self.session.rollback()
            raise ValueError(f"Tenant with slug '{slug}' already exists")

        # Start workflow with tenant_id
        workflow_id = self.get_workflow_id(slug)
        await client.start_workflow(
            TenantProvisioningWorkflow.run,
            args=[str(tenant.id)],  # Pass tenant_id instead
            id=workflow_id,
            task_queue=settings.temporal_task_queue,
        )
        return workflow_id
