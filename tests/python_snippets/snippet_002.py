"""Report 002's snippet (Option 1's TenantDeletionWorkflow.run), pasted from
/work/shared/seeds/002_*.txt, indented into its class. Ours: the imports,
the activities' input types (as the report's code names them), the
activities, and the API side (delete endpoint, products route and the
validation with the snippet's deleted_at check), imported from
examples/python/services/deletion.py. The snippet's `RetryPolicy(...)` is
Python's Ellipsis, which our RetryPolicy takes as "the defaults".

The report's second snippet, `async def get_validated_tenant(...):` with
`# ...` for its body, is not Python (a parameter list of `...` is a syntax
error); the deleted_at check it shows is the example's FixedDeletion."""

import sys
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from interleave import RetryPolicy as _RetryPolicy
from interleave import Service, activity, workflow

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "examples" / "python" / "services"))
import deletion  # noqa: E402


def RetryPolicy(*elided, **options):
    """RetryPolicy(...) as the report elides it: the defaults."""
    return _RetryPolicy(**options)


@dataclass
class SoftDeleteTenantInput:
    tenant_id: str


@dataclass
class GetTenantInput:
    tenant_id: str


@dataclass
class DropSchemaInput:
    schema_name: str


@dataclass
class TenantInfo:
    schema_name: str


@activity.defn
async def soft_delete_tenant(request: SoftDeleteTenantInput) -> None:
    await deletion.soft_delete_tenant(request.tenant_id)


@activity.defn
async def get_tenant_info(request: GetTenantInput) -> TenantInfo:
    return TenantInfo(await deletion.get_tenant_info(request.tenant_id))


@activity.defn
async def drop_tenant_schema(request: DropSchemaInput) -> None:
    await deletion.drop_tenant_schema(request.schema_name)


@workflow.defn(name="TenantDeletionWorkflow")
class TenantDeletionWorkflow:
    # ---- the report's snippet, unchanged ----
    @workflow.run
    async def run(self, tenant_id: str) -> dict[str, bool | str]:
        # Step 1: Soft-delete tenant record FIRST
        # This stops new API requests immediately with graceful 403
        await workflow.execute_activity(
            soft_delete_tenant,
            SoftDeleteTenantInput(tenant_id=tenant_id),
            start_to_close_timeout=timedelta(seconds=10),
            retry_policy=RetryPolicy(...),
        )

        # Step 2: Get tenant info (need schema name)
        tenant_info = await workflow.execute_activity(
            get_tenant_info,
            GetTenantInput(tenant_id=tenant_id),
            # ...
        )

        # Step 3: Drop tenant schema (now safe - no requests can reach it)
        await workflow.execute_activity(
            drop_tenant_schema,
            DropSchemaInput(schema_name=tenant_info.schema_name),
            # ...
        )

        return {"deleted": True, "tenant_id": tenant_id}


service = Service("snippet-002", keys={"delete_tenant": "tenant", "get_products": "tenant"})


@service.variant("fixed")
class SnippetDeletion(deletion.FixedDeletion):
    workflow = TenantDeletionWorkflow
