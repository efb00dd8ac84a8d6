-- Row level security: a signed-in user sees and changes only their own rows.
--
-- The backend's workers connect as service_role, which bypasses RLS, so these
-- policies are about what the browser can do with the anon key and a user JWT.
-- `(select auth.uid())` rather than `auth.uid()`: the sub-select is evaluated
-- once per statement instead of once per row (Supabase's RLS performance
-- advice).

alter table public.videos enable row level security;
alter table public.video_jobs enable row level security;
alter table public.video_metadata enable row level security;

-- ---------------------------------------------------------------------------
-- videos
-- ---------------------------------------------------------------------------

create policy "Users can view their own videos"
  on public.videos for select
  to authenticated
  using ((select auth.uid()) = user_id);

create policy "Users can upload their own videos"
  on public.videos for insert
  to authenticated
  with check ((select auth.uid()) = user_id);

create policy "Users can update their own videos"
  on public.videos for update
  to authenticated
  using ((select auth.uid()) = user_id)
  with check ((select auth.uid()) = user_id);

create policy "Users can delete their own videos"
  on public.videos for delete
  to authenticated
  using ((select auth.uid()) = user_id);

-- ---------------------------------------------------------------------------
-- video_jobs
-- ---------------------------------------------------------------------------

create policy "Users can view their own jobs"
  on public.video_jobs for select
  to authenticated
  using ((select auth.uid()) = user_id);

-- The job's video must be the user's too, or a user could attach a job to
-- someone else's video by guessing its id.
create policy "Users can create jobs for their own videos"
  on public.video_jobs for insert
  to authenticated
  with check (
    (select auth.uid()) = user_id
    and exists (
      select 1
      from public.videos v
      where v.id = video_jobs.video_id
        and v.user_id = (select auth.uid())
    )
  );

create policy "Users can update their own jobs"
  on public.video_jobs for update
  to authenticated
  using ((select auth.uid()) = user_id)
  with check ((select auth.uid()) = user_id);

create policy "Users can delete their own jobs"
  on public.video_jobs for delete
  to authenticated
  using ((select auth.uid()) = user_id);

-- ---------------------------------------------------------------------------
-- video_metadata (no user_id of its own: ownership goes through videos)
-- ---------------------------------------------------------------------------

create policy "Users can view metadata of their own videos"
  on public.video_metadata for select
  to authenticated
  using (
    exists (
      select 1
      from public.videos v
      where v.id = video_metadata.video_id
        and v.user_id = (select auth.uid())
    )
  );

create policy "Users can add metadata to their own videos"
  on public.video_metadata for insert
  to authenticated
  with check (
    exists (
      select 1
      from public.videos v
      where v.id = video_metadata.video_id
        and v.user_id = (select auth.uid())
    )
  );

create policy "Users can update metadata of their own videos"
  on public.video_metadata for update
  to authenticated
  using (
    exists (
      select 1
      from public.videos v
      where v.id = video_metadata.video_id
        and v.user_id = (select auth.uid())
    )
  )
  with check (
    exists (
      select 1
      from public.videos v
      where v.id = video_metadata.video_id
        and v.user_id = (select auth.uid())
    )
  );

create policy "Users can delete metadata of their own videos"
  on public.video_metadata for delete
  to authenticated
  using (
    exists (
      select 1
      from public.videos v
      where v.id = video_metadata.video_id
        and v.user_id = (select auth.uid())
    )
  );
