-- Video processing: uploaded videos, their processing jobs and the technical
-- metadata extracted from them.
--
-- Written the way a Supabase project writes migrations: every object is
-- schema-qualified (Supabase runs migrations with its own search_path, and the
-- trigger function below runs with an empty one), and users are rows of
-- auth.users, which Supabase (or the schemafirst shim) provides.

-- ---------------------------------------------------------------------------
-- Enum
-- ---------------------------------------------------------------------------

-- Label order matters: Postgres compares enum values by position, so
-- "status < 'completed'" means "not finished yet".
create type public.processing_status as enum (
  'pending',
  'processing',
  'completed',
  'failed'
);

comment on type public.processing_status is
  'Lifecycle of a video processing job: pending -> processing -> completed | failed.';

-- ---------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------

create table public.videos (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  title text not null,
  description text,
  file_path text not null,
  file_size bigint,
  mime_type varchar(100),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint videos_title_not_blank check (length(btrim(title)) > 0),
  constraint videos_file_size_non_negative check (file_size >= 0)
);

comment on table public.videos is 'A video uploaded by a user; the file itself lives in storage.';
comment on column public.videos.user_id is 'Owner of the video (auth.users.id).';
comment on column public.videos.file_path is 'Object path of the uploaded file, relative to the storage root.';
comment on column public.videos.file_size is 'Size of the uploaded file in bytes.';
comment on column public.videos.mime_type is 'MIME type the client declared at upload, e.g. video/mp4.';

-- A video can be processed more than once (a retry creates a new job), so this
-- is one-to-many; the API shows the latest job.
create table public.video_jobs (
  id uuid primary key default gen_random_uuid(),
  video_id uuid not null references public.videos (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  status public.processing_status not null default 'pending',
  progress integer not null default 0,
  error_message text,
  started_at timestamptz,
  completed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint video_jobs_progress_range check (progress between 0 and 100)
);

comment on table public.video_jobs is 'A processing run of a video: transcoding and metadata extraction.';
comment on column public.video_jobs.user_id is
  'Owner of the job; denormalized from videos.user_id so RLS needs no join.';
comment on column public.video_jobs.progress is 'Completion percentage, 0 to 100.';
comment on column public.video_jobs.error_message is 'Why the job failed; null unless status is ''failed''.';
comment on column public.video_jobs.started_at is 'When a worker picked the job up.';
comment on column public.video_jobs.completed_at is 'When the job reached completed or failed.';

-- One-to-one with videos: the unique video_id is what makes it so.
create table public.video_metadata (
  id uuid primary key default gen_random_uuid(),
  video_id uuid not null unique references public.videos (id) on delete cascade,
  duration_seconds numeric(10, 3),
  width integer,
  height integer,
  resolution varchar(20),
  video_codec varchar(50),
  audio_codec varchar(50),
  bitrate bigint,
  fps numeric(6, 3),
  extra jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint video_metadata_dimensions_positive check (width > 0 and height > 0)
);

comment on table public.video_metadata is 'Technical metadata of a video, extracted by the processing job.';
comment on column public.video_metadata.duration_seconds is 'Duration in seconds, millisecond precision.';
comment on column public.video_metadata.resolution is 'Display label such as 1080p or 3840x2160.';
comment on column public.video_metadata.bitrate is 'Overall bitrate in bits per second.';
comment on column public.video_metadata.fps is 'Frames per second, e.g. 29.970.';
comment on column public.video_metadata.extra is 'Any other probe output (container tags, rotation, ...), as reported.';

-- ---------------------------------------------------------------------------
-- Indexes
-- ---------------------------------------------------------------------------

-- "My videos, newest first": the list endpoint's query.
create index videos_user_id_created_at_idx on public.videos (user_id, created_at desc);

-- The dashboard groups a user's jobs by status.
create index video_jobs_user_id_status_idx on public.video_jobs (user_id, status);

-- Latest job of a video; also covers the foreign key, which Postgres does not
-- index by itself (cascading deletes would scan video_jobs otherwise).
create index video_jobs_video_id_created_at_idx on public.video_jobs (video_id, created_at desc);

-- Workers poll for work; a partial index stays small as finished jobs pile up.
create index video_jobs_pending_idx on public.video_jobs (created_at)
  where status = 'pending';

-- ---------------------------------------------------------------------------
-- updated_at maintenance
-- ---------------------------------------------------------------------------

-- An empty search_path keeps the function safe to run from any role (the
-- Supabase linter flags functions with a mutable search_path); now() still
-- resolves because pg_catalog is always searched.
create or replace function public.set_updated_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;

comment on function public.set_updated_at() is 'Trigger function: stamps updated_at on every update.';

create trigger videos_set_updated_at
  before update on public.videos
  for each row execute function public.set_updated_at();

create trigger video_jobs_set_updated_at
  before update on public.video_jobs
  for each row execute function public.set_updated_at();

create trigger video_metadata_set_updated_at
  before update on public.video_metadata
  for each row execute function public.set_updated_at();
