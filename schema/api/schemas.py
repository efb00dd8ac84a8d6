"""API schemas of the video-processing example.

These are the FastAPI request/response models (the seed plan's
``video_processing_schemas.py``): what travels over HTTP and the WebSocket,
as opposed to the table models that schemafirst generates from the database.
schemafirst reads this module (``api_modules`` in ``[tool.schemafirst]``) to
write ``api.ts``, ``zod.ts`` and the TanStack client, so docstrings and field
descriptions here become JSDoc there.

Response schemas use ``from_attributes=True`` so an endpoint can return an
ORM object (or any row with attributes) and let Pydantic read it.
"""

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, Generic, Literal, TypeVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, computed_field

T = TypeVar("T")


class ProcessingStatus(StrEnum):
    """Lifecycle of a processing job; mirrors the ``processing_status`` Postgres enum.

    A ``StrEnum`` (a ``str`` subclass), so members compare equal to the labels
    and serialize as them.
    """

    PENDING = "pending"
    PROCESSING = "processing"
    COMPLETED = "completed"
    FAILED = "failed"


# A job in one of these states will not change again.
_TERMINAL_STATUSES = frozenset({ProcessingStatus.COMPLETED, ProcessingStatus.FAILED})


class VideoJobResponseSchema(BaseModel):
    """A processing job of a video, as the API returns it."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID = Field(description="Job id.")
    video_id: UUID = Field(description="The video this job processes.")
    user_id: UUID = Field(description="Owner of the job.")
    status: ProcessingStatus = Field(description="Where the job is in its lifecycle.")
    progress: int = Field(ge=0, le=100, description="Completion percentage, 0 to 100.")
    error_message: str | None = Field(
        default=None, description="Why the job failed; null unless status is `failed`."
    )
    started_at: datetime | None = Field(
        default=None, description="When a worker picked the job up."
    )
    completed_at: datetime | None = Field(
        default=None, description="When the job reached `completed` or `failed`."
    )
    created_at: datetime = Field(description="When the job was queued.")
    updated_at: datetime = Field(description="Last change to the job.")

    # Clients poll or listen until this turns true; deriving it here keeps the
    # rule ("completed or failed") in one place instead of in every frontend.
    @computed_field(description="True once the job is completed or failed and will not change.")
    @property
    def is_terminal(self) -> bool:
        """Whether the job has finished, successfully or not."""
        return self.status in _TERMINAL_STATUSES


class VideoMetadataResponseSchema(BaseModel):
    """Technical metadata extracted from a video."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID = Field(description="Metadata record id.")
    video_id: UUID = Field(description="The video this metadata describes.")
    duration_seconds: Decimal | None = Field(
        default=None, description="Duration in seconds, millisecond precision."
    )
    width: int | None = Field(default=None, description="Frame width in pixels.")
    height: int | None = Field(default=None, description="Frame height in pixels.")
    resolution: str | None = Field(
        default=None, description="Display label such as `1080p` or `3840x2160`."
    )
    video_codec: str | None = Field(default=None, description="Video codec, e.g. `h264`.")
    audio_codec: str | None = Field(default=None, description="Audio codec, e.g. `aac`.")
    bitrate: int | None = Field(default=None, description="Overall bitrate in bits per second.")
    fps: Decimal | None = Field(default=None, description="Frames per second, e.g. `29.970`.")
    extra: dict[str, Any] = Field(
        default_factory=dict, description="Any other probe output, as reported."
    )
    created_at: datetime = Field(description="When the metadata was first stored.")
    updated_at: datetime = Field(description="Last change to the metadata.")


class VideoResponseSchema(BaseModel):
    """A video with its latest processing job and its metadata, when they exist."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID = Field(description="Video id.")
    user_id: UUID = Field(description="Owner of the video.")
    title: str = Field(description="Title given at upload.")
    description: str | None = Field(default=None, description="Optional longer description.")
    file_path: str = Field(description="Object path of the uploaded file in storage.")
    file_size: int | None = Field(default=None, description="Size of the file in bytes.")
    mime_type: str | None = Field(default=None, description="MIME type declared at upload.")
    created_at: datetime = Field(description="When the video was uploaded.")
    updated_at: datetime = Field(description="Last change to the video.")
    job: VideoJobResponseSchema | None = Field(
        default=None, description="The most recent processing job, if any."
    )
    # Not `metadata`: on a SQLAlchemy declarative model that attribute is the
    # table MetaData, so the relationship is `video_metadata` (the table's name,
    # as sqlacodegen and PostgREST embedding also call it) and from_attributes
    # reads it without an alias.
    video_metadata: VideoMetadataResponseSchema | None = Field(
        default=None, description="Extracted metadata; null until processing has produced it."
    )


class VideoSummarySchema(BaseModel):
    """One row of the video list: the video and the state of its latest job."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID = Field(description="Video id.")
    title: str = Field(description="Title given at upload.")
    file_size: int | None = Field(default=None, description="Size of the file in bytes.")
    mime_type: str | None = Field(default=None, description="MIME type declared at upload.")
    created_at: datetime = Field(description="When the video was uploaded.")
    status: ProcessingStatus | None = Field(
        default=None, description="Status of the latest job; null if the video has none."
    )
    progress: int | None = Field(
        default=None, ge=0, le=100, description="Progress of the latest job, 0 to 100."
    )


class VideoUploadResponseSchema(BaseModel):
    """What the upload endpoint returns: the new video and the job queued for it."""

    model_config = ConfigDict(from_attributes=True)

    video_id: UUID = Field(description="Id of the created video.")
    job_id: UUID = Field(description="Id of the processing job queued for it.")
    status: ProcessingStatus = Field(description="Initial job status, normally `pending`.")
    file_path: str = Field(description="Where the file was stored.")
    file_size: int = Field(ge=0, description="Bytes received.")
    mime_type: str | None = Field(default=None, description="MIME type declared by the client.")


class VideoMetadataUpdateRequestSchema(BaseModel):
    """Partial update of a video's metadata (PATCH): only the fields sent are changed.

    Sending `null` clears a field; omitting it leaves it as it is. Bounds match
    the column types, so a request that validates also fits the table.
    """

    # A typo in a field name would otherwise be silently ignored by a PATCH.
    model_config = ConfigDict(extra="forbid")

    duration_seconds: Decimal | None = Field(
        default=None,
        ge=0,
        max_digits=10,
        decimal_places=3,
        description="Duration in seconds, millisecond precision.",
    )
    width: int | None = Field(default=None, gt=0, description="Frame width in pixels.")
    height: int | None = Field(default=None, gt=0, description="Frame height in pixels.")
    resolution: str | None = Field(
        default=None, max_length=20, description="Display label such as `1080p`."
    )
    video_codec: str | None = Field(default=None, max_length=50, description="Video codec.")
    audio_codec: str | None = Field(default=None, max_length=50, description="Audio codec.")
    bitrate: int | None = Field(default=None, ge=0, description="Bits per second.")
    fps: Decimal | None = Field(
        default=None,
        gt=0,
        max_digits=6,
        decimal_places=3,
        description="Frames per second.",
    )
    extra: dict[str, Any] | None = Field(
        default=None, description="Replaces the extra probe output; `null` resets it to `{}`."
    )


class JobStatusUpdate(BaseModel):
    """WebSocket message pushed on `/ws/jobs/{job_id}` when a job changes."""

    # The discriminator lets a client tell this message from others that may
    # share the socket later, and narrows the union type in TypeScript.
    type: Literal["job_status"] = Field(default="job_status", description="Message kind.")
    job_id: UUID = Field(description="The job that changed.")
    status: ProcessingStatus = Field(description="Its status now.")
    progress: int | None = Field(
        default=None, ge=0, le=100, description="Its progress now, when known."
    )
    error_message: str | None = Field(default=None, description="Set when the job failed.")


class Page(BaseModel, Generic[T]):
    """One page of a paginated list."""

    items: list[T] = Field(description="The rows of this page.")
    total: int = Field(ge=0, description="Number of rows over all pages.")
    page: int = Field(ge=1, description="This page's number, starting at 1.")
    page_size: int = Field(ge=1, description="Maximum number of rows per page.")


__all__ = [
    "JobStatusUpdate",
    "Page",
    "ProcessingStatus",
    "VideoJobResponseSchema",
    "VideoMetadataResponseSchema",
    "VideoMetadataUpdateRequestSchema",
    "VideoResponseSchema",
    "VideoSummarySchema",
    "VideoUploadResponseSchema",
]
