"""The widget and its pages: / (demo), /widget.js, /widget-answer.js, /widget.css, /guides/{id} (source viewer),
/static/...

Files are served as they are on disk (see assistant/web/README.md); none are templated with user data.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

STATIC_DIR = Path(__file__).resolve().parents[2] / "web" / "static"
# Revalidate on every load (cheap with ETag), so a redeployed widget reaches embedding sites at once.
_HEADERS = {"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"}

router = APIRouter(include_in_schema=False)


def static_files() -> StaticFiles:
    return StaticFiles(directory=STATIC_DIR)


def _file(name: str) -> FileResponse:
    return FileResponse(STATIC_DIR / name, headers=_HEADERS)


@router.get("/")
async def demo_page() -> FileResponse:
    return _file("demo.html")


@router.get("/widget.js")
async def widget_script() -> FileResponse:
    return _file("widget.js")


@router.get("/widget-answer.js")
async def widget_answer_script() -> FileResponse:
    return _file("widget-answer.js")  # loaded by widget.js: how an answer's text, figures and warnings are shown


@router.get("/widget.css")
async def widget_styles() -> FileResponse:
    return _file("widget.css")


@router.get("/guides/{guide_id:path}")
async def guide_source_page(guide_id: str) -> FileResponse:
    # The page reads the id from its own URL and fetches /api/guides/{id}; an unknown id shows the API's 404 there.
    return _file("source.html")
