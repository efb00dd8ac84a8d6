"""FastAPI app of the video-processing example.

The endpoints of the seed plan, over the tables in ``schema/migrations``.
They use plain SQL (``sqlalchemy.text``) on an async engine because the ORM
models are what schemafirst generates into ``generated/``: the example must
not depend on its own output.

Run it from the repository root, against a database the migrations were
applied to::

    DATABASE_URL=postgresql://postgres@localhost:5432/postgres \\
        uvicorn app:app --app-dir schema/api

Importing the module needs no database (the engine is created on first use),
so ``app.openapi()`` works anywhere. There is no real authentication: the
caller names its user in the ``X-User-Id`` header (the WebSocket, which a
browser cannot give headers, takes ``?user_id=``), and every query is scoped
to that user the way the RLS policies would scope it.
"""

import os
import re
import sys
import tempfile
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path, PurePosixPath
from typing import Annotated, Any
from uuid import UUID

import anyio
from fastapi import (
    Depends,
    FastAPI,
    File,
    Form,
    Header,
    HTTPException,
    Query,
    UploadFile,
    WebSocket,
    status,
)
from fastapi.requests import HTTPConnection
from sqlalchemy import bindparam, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

# The example is not an installed package, and this file is loaded in more than
# one way (uvicorn --app-dir, import by path from tests and tools), so make its
# sibling module importable whichever way was used.
_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from schemas import (  # noqa: E402 - needs the sys.path entry above
    JobStatusUpdate,
    Page,
    ProcessingStatus,
    VideoJobResponseSchema,
    VideoMetadataResponseSchema,
    VideoMetadataUpdateRequestSchema,
    VideoResponseSchema,
    VideoSummarySchema,
    VideoUploadResponseSchema,
)

# ---------------------------------------------------------------------------
# Database
# ---------------------------------------------------------------------------

_ASYNC_DRIVER = "postgresql+asyncpg"


def async_database_url(url: str) -> tuple[URL, dict[str, Any]]:
    """Point any Postgres URL at asyncpg, and return the connect arguments it needs.

    Supabase and most hosts hand out ``postgresql://`` (or ``postgres://``)
    URLs, often with ``?sslmode=require``; SQLAlchemy would pick a sync driver
    for that scheme, and asyncpg does not take ``sslmode`` (it calls it ``ssl``).
    """
    parsed = make_url(url)
    if parsed.get_backend_name() in {"postgres", "postgresql"}:
        parsed = parsed.set(drivername=_ASYNC_DRIVER)
    connect_args: dict[str, Any] = {}
    if "sslmode" in parsed.query:
        connect_args["ssl"] = parsed.query["sslmode"]
        parsed = parsed.difference_update_query(["sslmode"])
    return parsed, connect_args


def _engine(conn: HTTPConnection) -> AsyncEngine:
    """The app's engine, created from ``DATABASE_URL`` on first use."""
    state = conn.app.state
    engine: AsyncEngine | None = getattr(state, "engine", None)
    if engine is None:
        url = os.environ.get("DATABASE_URL")
        if not url:
            raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "DATABASE_URL is not set.")
        parsed, connect_args = async_database_url(url)
        engine = create_async_engine(parsed, connect_args=connect_args, pool_pre_ping=True)
        state.engine = engine
    return engine


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Dispose of the engine, if one was created, when the app shuts down."""
    yield
    engine: AsyncEngine | None = getattr(app.state, "engine", None)
    if engine is not None:
        await engine.dispose()
        app.state.engine = None


async def get_db(conn: HTTPConnection) -> AsyncIterator[AsyncConnection]:
    """One connection per request.

    Nothing is committed here: a handler that writes commits itself before it
    returns, so a failed commit becomes an error response rather than
    happening after the client was told it succeeded. Whatever was not
    committed is rolled back when the connection goes back to the pool.
    """
    async with _engine(conn).connect() as db:
        yield db


Db = Annotated[AsyncConnection, Depends(get_db)]


async def current_user_id(
    x_user_id: Annotated[
        UUID, Header(description="The calling user (auth.users.id); stands in for a JWT.")
    ],
    db: Db,
) -> UUID:
    """The caller's user id, which must name an existing user."""
    known = await db.scalar(
        text("select exists (select 1 from auth.users where id = :user_id)"),
        {"user_id": x_user_id},
    )
    if not known:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Unknown user.")
    return x_user_id


CurrentUser = Annotated[UUID, Depends(current_user_id)]

# ---------------------------------------------------------------------------
# SQL (static text only: values are always bound, never formatted in)
# ---------------------------------------------------------------------------

# Latest job of each video: a video can have several (retries), the list and
# the detail view show the newest. Served by video_jobs_video_id_created_at_idx.
_LIST_FROM = """
from public.videos v
left join lateral (
  select status, progress
  from public.video_jobs
  where video_id = v.id
  order by created_at desc, id desc
  limit 1
) j on true
where v.user_id = :user_id
"""
_STATUS_FILTER = "  and j.status = cast(:status as public.processing_status)\n"

_LIST_VIDEOS = """
select v.id, v.title, v.file_size, v.mime_type, v.created_at, j.status, j.progress
{from_where}order by v.created_at desc, v.id desc
limit :limit offset :offset
"""

_COUNT_VIDEOS = "select count(*)\n{from_where}"

_GET_VIDEO = text("""
select id, user_id, title, description, file_path, file_size, mime_type, created_at, updated_at
from public.videos
where id = :video_id and user_id = :user_id
""")

_JOB_COLUMNS = """
  id, video_id, user_id, status, progress, error_message,
  started_at, completed_at, created_at, updated_at
"""

_LATEST_JOB = text(f"""
select {_JOB_COLUMNS}
from public.video_jobs
where video_id = :video_id
order by created_at desc, id desc
limit 1
""")

_GET_JOB = text(f"""
select {_JOB_COLUMNS}
from public.video_jobs
where id = :job_id and user_id = :user_id
""")

# asyncpg hands jsonb back as text; typing the column lets SQLAlchemy decode it.
_GET_METADATA = text("""
select id, video_id, duration_seconds, width, height, resolution, video_codec,
       audio_codec, bitrate, fps, extra, created_at, updated_at
from public.video_metadata
where video_id = :video_id
""").columns(extra=JSONB)

_INSERT_VIDEO = text("""
insert into public.videos (id, user_id, title, description, file_path, file_size, mime_type)
values (:id, :user_id, :title, :description, :file_path, :file_size, :mime_type)
""")

_INSERT_JOB = text("""
insert into public.video_jobs (video_id, user_id)
values (:video_id, :user_id)
returning id, status
""")

_ENSURE_METADATA = text("""
insert into public.video_metadata (video_id)
values (:video_id)
on conflict (video_id) do nothing
""")

_OWNS_VIDEO = text("""
select exists (select 1 from public.videos where id = :video_id and user_id = :user_id)
""")

# ---------------------------------------------------------------------------
# App
# ---------------------------------------------------------------------------

app = FastAPI(
    title="Video processing API",
    version="0.1.0",
    summary="The schemafirst example: upload videos, follow their processing jobs.",
    lifespan=lifespan,
)

_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    status.HTTP_404_NOT_FOUND: {"description": "No such resource for this user."}
}

# Uploads go to local disk in the example; a Supabase project would put them in
# a Storage bucket under the same relative path.
_UPLOAD_DIR_ENV = "UPLOAD_DIR"
_CHUNK_SIZE = 1024 * 1024
# Only a short, plain extension of the client's file name is kept: the name
# itself is untrusted (path separators, "..", control characters).
_SAFE_SUFFIX = re.compile(r"\.[a-z0-9]{1,10}")
_MIME_TYPE_MAX = 100  # videos.mime_type is varchar(100)


def _upload_root() -> Path:
    return Path(
        os.environ.get(_UPLOAD_DIR_ENV)
        or Path(tempfile.gettempdir()) / "schemafirst-example-uploads"
    )


@app.get(
    "/videos",
    operation_id="listVideos",
    tags=["videos"],
    summary="List the caller's videos, newest first",
)
async def list_videos(
    user_id: CurrentUser,
    db: Db,
    page: Annotated[int, Query(ge=1, description="Page number, starting at 1.")] = 1,
    page_size: Annotated[int, Query(ge=1, le=100, description="Rows per page.")] = 20,
    status_filter: Annotated[
        ProcessingStatus | None,
        Query(alias="status", description="Only videos whose latest job has this status."),
    ] = None,
) -> Page[VideoSummarySchema]:
    """A page of the caller's videos with the status of each one's latest job."""
    from_where = _LIST_FROM
    params: dict[str, Any] = {"user_id": user_id}
    if status_filter is not None:
        from_where += _STATUS_FILTER
        params["status"] = status_filter.value
    total = await db.scalar(text(_COUNT_VIDEOS.format(from_where=from_where)), params)
    rows = await db.execute(
        text(_LIST_VIDEOS.format(from_where=from_where)),
        {**params, "limit": page_size, "offset": (page - 1) * page_size},
    )
    return Page[VideoSummarySchema](
        items=[VideoSummarySchema.model_validate(dict(row)) for row in rows.mappings()],
        total=total or 0,
        page=page,
        page_size=page_size,
    )


@app.get(
    "/videos/{video_id}",
    operation_id="getVideo",
    tags=["videos"],
    summary="Get a video with its latest job and its metadata",
    responses=_NOT_FOUND,
)
async def get_video(video_id: UUID, user_id: CurrentUser, db: Db) -> VideoResponseSchema:
    """One of the caller's videos, its latest processing job and its metadata."""
    video = (await db.execute(_GET_VIDEO, {"video_id": video_id, "user_id": user_id})).mappings()
    row = video.one_or_none()
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Video not found.")
    job = (await db.execute(_LATEST_JOB, {"video_id": video_id})).mappings().one_or_none()
    meta = (await db.execute(_GET_METADATA, {"video_id": video_id})).mappings().one_or_none()
    return VideoResponseSchema.model_validate(
        {
            **row,
            "job": dict(job) if job is not None else None,
            "video_metadata": dict(meta) if meta is not None else None,
        }
    )


@app.post(
    "/videos",
    operation_id="uploadVideo",
    tags=["videos"],
    summary="Upload a video and queue it for processing",
    status_code=status.HTTP_201_CREATED,
    responses={status.HTTP_415_UNSUPPORTED_MEDIA_TYPE: {"description": "The file is not a video."}},
)
async def upload_video(
    user_id: CurrentUser,
    db: Db,
    title: Annotated[str, Form(min_length=1, max_length=200, description="Title of the video.")],
    file: Annotated[UploadFile, File(description="The video file.")],
    description: Annotated[str | None, Form(description="Optional longer description.")] = None,
) -> VideoUploadResponseSchema:
    """Store the file, create the video row and a pending processing job for it."""
    title = title.strip()
    if not title:
        # The table's check constraint would refuse it too; say so as a 422.
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "Title must not be blank.")
    mime_type = file.content_type
    if not mime_type or not mime_type.startswith("video/") or len(mime_type) > _MIME_TYPE_MAX:
        raise HTTPException(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, "Upload a video file.")

    # The id is chosen here rather than by the database default because the
    # storage path, a not-null column, is derived from it.
    video_id = uuid.uuid4()
    suffix = PurePosixPath(file.filename or "").suffix.lower()
    file_path = f"{user_id}/{video_id}{suffix if _SAFE_SUFFIX.fullmatch(suffix) else ''}"
    destination = anyio.Path(_upload_root() / file_path)
    await destination.parent.mkdir(parents=True, exist_ok=True)

    file_size = 0
    async with await anyio.open_file(destination, "wb") as out:
        while chunk := await file.read(_CHUNK_SIZE):
            file_size += len(chunk)
            await out.write(chunk)

    try:
        await db.execute(
            _INSERT_VIDEO,
            {
                "id": video_id,
                "user_id": user_id,
                "title": title,
                "description": description,
                "file_path": file_path,
                "file_size": file_size,
                "mime_type": mime_type,
            },
        )
        job = (await db.execute(_INSERT_JOB, {"video_id": video_id, "user_id": user_id})).one()
        await db.commit()
    except BaseException:
        # No row points at the file, so nothing would ever clean it up.
        await destination.unlink(missing_ok=True)
        raise

    return VideoUploadResponseSchema(
        video_id=video_id,
        job_id=job.id,
        status=job.status,
        file_path=file_path,
        file_size=file_size,
        mime_type=mime_type,
    )


@app.patch(
    "/videos/{video_id}/metadata",
    operation_id="updateVideoMetadata",
    tags=["videos"],
    summary="Set some of a video's metadata",
    responses=_NOT_FOUND,
)
async def update_video_metadata(
    video_id: UUID,
    body: VideoMetadataUpdateRequestSchema,
    user_id: CurrentUser,
    db: Db,
) -> VideoMetadataResponseSchema:
    """Create the video's metadata if it has none, then change the fields sent."""
    owned = await db.scalar(_OWNS_VIDEO, {"video_id": video_id, "user_id": user_id})
    if not owned:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Video not found.")

    changes = body.model_dump(exclude_unset=True)
    if "extra" in changes and changes["extra"] is None:
        changes["extra"] = {}  # the column is not null; null means "reset"

    await db.execute(_ENSURE_METADATA, {"video_id": video_id})
    if changes:
        # Column names come from the schema's own field list (the body forbids
        # unknown keys), never from the request, so formatting them in is safe.
        columns = [
            name for name in VideoMetadataUpdateRequestSchema.model_fields if name in changes
        ]
        update = text(
            "update public.video_metadata set "
            + ", ".join(f"{name} = :{name}" for name in columns)
            + " where video_id = :video_id"
        )
        if "extra" in changes:
            update = update.bindparams(bindparam("extra", type_=JSONB))
        await db.execute(update, {**changes, "video_id": video_id})

    row = (await db.execute(_GET_METADATA, {"video_id": video_id})).mappings().one()
    await db.commit()
    return VideoMetadataResponseSchema.model_validate(dict(row))


@app.get(
    "/jobs/{job_id}",
    operation_id="getJob",
    tags=["jobs"],
    summary="Get a processing job",
    responses=_NOT_FOUND,
)
async def get_job(job_id: UUID, user_id: CurrentUser, db: Db) -> VideoJobResponseSchema:
    """One of the caller's processing jobs."""
    row = (await db.execute(_GET_JOB, {"job_id": job_id, "user_id": user_id})).mappings()
    job = row.one_or_none()
    if job is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Job not found.")
    return VideoJobResponseSchema.model_validate(dict(job))


# Application close code for "no such job" (4000-4999 are free for apps to use).
WS_JOB_NOT_FOUND = 4404


@app.websocket("/ws/jobs/{job_id}")
async def job_status_socket(
    websocket: WebSocket,
    job_id: UUID,
    user_id: Annotated[UUID, Query(description="The calling user (auth.users.id).")],
) -> None:
    """Send the job's current status as one ``JobStatusUpdate``, then close.

    A production app would keep the socket open and push every change (from
    Postgres LISTEN/NOTIFY or Supabase Realtime); one message is enough to show
    the message type and keeps the endpoint trivially testable.
    """
    await websocket.accept()
    try:
        engine = _engine(websocket)
    except HTTPException:
        await websocket.close(code=status.WS_1011_INTERNAL_ERROR, reason="No database.")
        return
    async with engine.connect() as db:
        row = (await db.execute(_GET_JOB, {"job_id": job_id, "user_id": user_id})).mappings()
        job = row.one_or_none()
    if job is None:
        await websocket.close(code=WS_JOB_NOT_FOUND, reason="Job not found.")
        return
    update = JobStatusUpdate(
        job_id=job["id"],
        status=job["status"],
        progress=job["progress"],
        error_message=job["error_message"],
    )
    await websocket.send_json(update.model_dump(mode="json"))
    await websocket.close()
