"""The page for people: GET / and its few static files, served from service/api/web/ (package data).

Plain HTML, CSS and ES modules with no build step and nothing fetched from the internet, so a new
user gets the page with the service itself. Files are looked up in a fixed table (never joined from
the request path), so no path can reach outside the folder. The page holds no data: the security
middleware leaves these paths open, so a browser can load it and then ask the user for a key."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

from service.errors import NotFound

TYPES = {".html": "text/html", ".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml"}
# The set of files the page may request, listed once: the package's web/ folder (package data, so
# an installed wheel has it beside this module, whatever the working directory).
WEB_DIR = Path(__file__).resolve().parent.parent / "web"
FILES = {p.name: p for p in WEB_DIR.iterdir() if p.suffix in TYPES} if WEB_DIR.is_dir() else {}
# no-cache: the browser revalidates, so a new version of the service never runs with an old script.
HEADERS = {"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"}

router = APIRouter(tags=["web"], include_in_schema=False)


def _file(name: str) -> FileResponse:
    path = FILES.get(name)
    if path is None:
        raise NotFound(f"no page file {name!r}")
    return FileResponse(path, media_type=f"{TYPES[path.suffix]}; charset=utf-8", headers=HEADERS)


@router.get("/")
def index() -> FileResponse:
    return _file("index.html")


@router.get("/web/{name}")
def asset(name: str) -> FileResponse:
    return _file(name)
