"""GET /api/guides and GET /api/guides/{id}: the indexed guides, parsed, with their source lines."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, status
from starlette.concurrency import run_in_threadpool

from assistant.errors import UnknownGuideError, echo
from assistant.guide import Guide
from assistant.ingest.validate import current_problems
from assistant.serve.deps import AssistantDep, SettingsDep
from assistant.serve.models import ErrorDetail, GuideDetail, GuideList, GuideSummary
from assistant.service import Assistant
from assistant.settings import Settings

router = APIRouter(prefix="/api/guides", tags=["guides"], responses={503: {"model": ErrorDetail}})


@router.get("", summary="Every indexed guide, with its regions, currencies and warnings")
async def list_guides(assistant: AssistantDep, settings: SettingsDep) -> GuideList:
    guides = await run_in_threadpool(assistant.guides)
    summaries = [_summary(guide, settings) for guide in guides]
    return GuideList(count=len(summaries), guides=summaries)


@router.get(
    "/{guide_id:path}", summary="One parsed guide and its source lines", responses={404: {"model": ErrorDetail}}
)
async def guide_detail(guide_id: str, assistant: AssistantDep, settings: SettingsDep) -> GuideDetail:
    guide, source = await run_in_threadpool(_guide_and_source, assistant, guide_id)
    return GuideDetail.of(guide, current_problems(guide, settings.effective_today()), source)


def _guide_and_source(assistant: Assistant, guide_id: str) -> tuple[Guide, str]:
    try:
        return assistant.guide(guide_id), assistant.guide_source(guide_id)
    except UnknownGuideError:
        # The error's own sentence names a CLI command; a web client needs the API's way to list ids.
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, f"No guide with id '{echo(guide_id)}': GET /api/guides lists the ids."
        ) from None


def _summary(guide: Guide, settings: Settings) -> GuideSummary:
    warnings = [
        f"{problem.kind.value}: {problem.message}" for problem in current_problems(guide, settings.effective_today())
    ]
    return GuideSummary(
        id=guide.id,
        company=guide.company,
        role=guide.role,
        regions=guide.regions,
        currencies=guide.currencies,
        last_updated=guide.last_updated,
        warnings=warnings,
    )
