"""Report 004 (section-id TOCTOU), from the report's own code: the
update_page_section executor (server/src/agent/executors/storefront-executors.ts,
TypeScript in the report, written here in Python as the C++ copy reads it).

Variants: seed (read the draft config, check section-id uniqueness in
memory, write the whole config back: no transaction), fixed (Option A: the
same in one transaction that first takes pg_advisory_xact_lock(
hashTenantStorefront(tenantId)), with Prisma's `timeout: 5000` as its
lock_timeout), alt (Option C: optimistic locking on the version column, with
a bounded re-read and retry)."""

import json

from interleave import AsyncSession, DBAPIError, Service, text
from interleave.harness import committed_id

UPDATE_PAGE_SECTION_DEFAULTS = {"type": "text", "content": ""}


def section_edit_key(arguments):
    """What unique-section-ids knows a call by: the request as JSON."""
    request = dict(UPDATE_PAGE_SECTION_DEFAULTS, **arguments)
    return json.dumps({name: request[name] for name in ("content", "page", "section", "tenant", "type")},
                      separators=(",", ":"), ensure_ascii=False)


class StorefrontEditConflict(Exception):
    """A clean refusal (409): the id is taken on another page, or another edit won."""


service = Service("storefront", keys={"update_page_section": section_edit_key}, refusals=(StorefrontEditConflict,))

STOREFRONT_TRANSACTION_TIMEOUT_MS = 5000
MAX_ATTEMPTS = 3  # alt: put a limit on everything


def hash_tenant_storefront(tenant_id: int) -> int:
    """server/src/lib/advisory-locks.ts: FNV-1a (64 bits) of "storefront:<id>", as a bigint."""
    value = 0xcbf29ce484222325
    for byte in f"storefront:{tenant_id}".encode():
        value = ((value ^ byte) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return value - (1 << 64) if value >= 1 << 63 else value


def draft_config_text(pages) -> str:
    # The column's canonical text: compact, sorted keys.
    return json.dumps({"pages": pages}, separators=(",", ":"), sort_keys=True, ensure_ascii=False)


async def get_draft_config_with_slug(prisma: AsyncSession, tenant_id: int):
    """server/src/agent/tools/utils.ts: the tenant (for its slug) and its draft."""
    slug = (await prisma.execute(text("SELECT slug FROM tenants WHERE id = :id"), {"id": tenant_id})).scalar()
    if slug is None:
        raise RuntimeError(f"Tenant {tenant_id} not found")
    draft = (await prisma.execute(text("SELECT config, version FROM storefront_drafts WHERE tenant_id = :id"),
                                  {"id": tenant_id})).first()
    if draft is None:
        raise RuntimeError(f"Tenant {tenant_id} has no storefront draft")
    return json.loads(draft.config)["pages"], slug, draft.version


async def save_draft_config(prisma: AsyncSession, tenant_id: int, pages) -> None:
    await prisma.execute(text("UPDATE storefront_drafts SET config = :config WHERE tenant_id = :id"),
                         {"config": draft_config_text(pages), "id": tenant_id})


async def save_draft_config_with_version(prisma: AsyncSession, tenant_id: int, pages, expected_version: int) -> bool:
    # The WHERE clause is the optimistic lock.
    result = await prisma.execute(
        text("UPDATE storefront_drafts SET config = :config, version = :next "
             "WHERE tenant_id = :id AND version = :version"),
        {"config": draft_config_text(pages), "next": expected_version + 1, "id": tenant_id,
         "version": expected_version})
    return result.rowcount == 1


def apply_page_section(pages, page_name: str, section_data: dict):
    """Lines 94-113: check uniqueness against the pages as read, then update
    the section in place or append it. Returns (updated pages, action)."""
    if page_name not in pages:
        raise ValueError(f'Page "{page_name}" not found')
    incoming_id = section_data["id"]
    for p_name, p_config in pages.items():
        if p_name == page_name:
            continue
        for section in p_config["sections"]:
            if section["id"] == incoming_id:
                raise StorefrontEditConflict(
                    f"Section ID '{incoming_id}' already exists on page '{p_name}'. IDs must be unique.")
    updated_pages = json.loads(json.dumps(pages))
    new_sections = updated_pages[page_name]["sections"]
    for index, existing in enumerate(new_sections):
        if existing["id"] == incoming_id:
            new_sections[index] = dict(section_data)
            return updated_pages, "updated"
    new_sections.append(dict(section_data))
    return updated_pages, "added"


def section_result(action: str, page_name: str, section_id: str, slug: str) -> str:
    return (f"Section {action} successfully: section '{section_id}' on page '{page_name}' "
            f"(/t/{slug}?preview=draft&page={page_name})")


class _Executor:
    async def update_page_section(self, tenant: str, page: str, section: str, type: str = "text",
                                  content: str = "") -> str:
        # The agent's session carries its tenant id: the executor is handed it.
        tenant_id = committed_id("tenants", "slug", tenant)
        if tenant_id is None:
            raise ValueError(f"no tenant has slug '{tenant}'")
        return await self._execute(tenant_id, page, {"id": section, "type": type, "content": content})


@service.variant("seed")
class SeedStorefrontExecutor(_Executor):
    async def _execute(self, tenant_id: int, page_name: str, section_data: dict) -> str:
        prisma = AsyncSession()
        # Line 82: READ draft config
        pages, slug, _ = await get_draft_config_with_slug(prisma, tenant_id)
        await prisma.commit()
        # Lines 94-113: CHECK uniqueness in memory (stale data)
        updated_pages, action = apply_page_section(pages, page_name, section_data)
        # Line 140: WRITE updated config
        await save_draft_config(prisma, tenant_id, updated_pages)
        await prisma.commit()
        return section_result(action, page_name, section_data["id"], slug)


@service.variant("fixed")
class FixedStorefrontExecutor(_Executor):
    async def _execute(self, tenant_id: int, page_name: str, section_data: dict) -> str:
        tx = AsyncSession()  # prisma.$transaction(async (tx) => { ... }, {timeout: 5000})
        try:
            await tx.execute(text(f"SET LOCAL lock_timeout = {STOREFRONT_TRANSACTION_TIMEOUT_MS}"))
            # Acquire advisory lock for this tenant's storefront edits
            await tx.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": hash_tenant_storefront(tenant_id)})
            # Read, validate, and write within same transaction
            pages, slug, _ = await get_draft_config_with_slug(tx, tenant_id)
            updated_pages, action = apply_page_section(pages, page_name, section_data)
            await save_draft_config(tx, tenant_id, updated_pages)
            await tx.commit()
        except DBAPIError as error:
            await tx.rollback()
            if error.sqlstate == "55P03":  # lock_not_available: the lock wait timed out
                raise StorefrontEditConflict(
                    f"Another edit to this storefront is still being saved (waited "
                    f"{STOREFRONT_TRANSACTION_TIMEOUT_MS} ms for it). Please try again.") from error
            raise
        except Exception:
            await tx.rollback()  # $transaction rolls back whatever its callback throws
            raise
        return section_result(action, page_name, section_data["id"], slug)


@service.variant("alt")
class OptimisticStorefrontExecutor(_Executor):
    async def _execute(self, tenant_id: int, page_name: str, section_data: dict) -> str:
        prisma = AsyncSession()
        stale_version = 0
        for _attempt in range(MAX_ATTEMPTS):
            pages, slug, version = await get_draft_config_with_slug(prisma, tenant_id)
            await prisma.commit()
            # Each attempt checks uniqueness against the pages it just read.
            updated_pages, action = apply_page_section(pages, page_name, section_data)
            saved = await save_draft_config_with_version(prisma, tenant_id, updated_pages, version)
            await prisma.commit()
            if saved:
                return section_result(action, page_name, section_data["id"], slug)
            stale_version = version
        raise StorefrontEditConflict(
            f"The storefront draft was modified by another edit during each of {MAX_ATTEMPTS} attempts "
            f"(last read: version {stale_version}). Please reload and try again.")
