// End to end: the generated TanStack client against the example FastAPI app.
//
// Run by tests/test_tanstack.py with `node --test` after tsc compiled it next
// to the generated files; API_URL and USER_ID come from the environment.
// Every response is also checked here with the generated zod schemas, on top
// of the client's own `validateResponses`.
import assert from "node:assert/strict"
import { randomUUID } from "node:crypto"
import { test } from "node:test"
import { MutationObserver, QueryClient } from "@tanstack/react-query"
import {
  configureClient,
  getJob,
  getVideo,
  isApiError,
  listVideos,
  updateVideoMetadata,
  uploadVideo,
} from "./generated/ts/api/api/client"
import { jobsQueries, videosKeys, videosMutations, videosQueries } from "./generated/ts/api/api/queries"
import { subscribeJobStatusSocket, type JobStatusSocketMessage } from "./generated/ts/api/api/ws"
import {
  zJobStatusUpdate,
  zPage,
  zVideoJobResponseSchema,
  zVideoMetadataResponseSchema,
  zVideoResponseSchema,
  zVideoSummarySchema,
  zVideoUploadResponseSchema,
} from "./generated/ts/zod"

function env(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is not set`)
  return value
}

const userId = env("USER_ID")
configureClient({ baseUrl: env("API_URL"), headers: { "x-user-id": userId }, validateResponses: true })

const state = { videoId: "", jobId: "" }

test("upload sends a multipart form and returns the new video and job", async () => {
  // An MP4 `ftyp` box header is enough: the example stores bytes, it does not probe them.
  const file = new Blob([new Uint8Array([0, 0, 0, 24, 102, 116, 121, 112])], { type: "video/mp4" })
  const created = zVideoUploadResponseSchema.parse(
    await uploadVideo({ title: "First clip", file, description: "uploaded from node" }),
  )
  assert.equal(created.status, "pending")
  assert.equal(created.file_size, 8)
  assert.equal(created.mime_type, "video/mp4")
  state.videoId = created.video_id
  state.jobId = created.job_id
})

test("list is paginated and filtered by status", async () => {
  const page = zPage(zVideoSummarySchema).parse(await listVideos({ page: 1, page_size: 10 }))
  assert.equal(page.total, 1)
  assert.equal(page.page_size, 10)
  assert.equal(page.items[0]?.id, state.videoId)
  assert.equal(page.items[0]?.status, "pending")
  const none = zPage(zVideoSummarySchema).parse(await listVideos({ status: "completed" }))
  assert.equal(none.total, 0)
})

test("get returns the video with its latest job", async () => {
  const video = zVideoResponseSchema.parse(await getVideo(state.videoId))
  assert.equal(video.title, "First clip")
  assert.equal(video.user_id, userId)
  assert.equal(video.job?.id, state.jobId)
  assert.equal(video.job?.is_terminal, false)
})

test("update changes only the metadata fields sent", async () => {
  const meta = zVideoMetadataResponseSchema.parse(
    await updateVideoMetadata(state.videoId, { width: 1920, height: 1080, fps: "29.97" }),
  )
  assert.equal(meta.width, 1920)
  assert.equal(meta.fps, "29.970")
  assert.equal(meta.video_codec, null)
})

test("a missing resource is an ApiError with status and body", async () => {
  await assert.rejects(getVideo(randomUUID()), (error: unknown) => {
    assert.ok(isApiError(error, 404))
    assert.deepEqual(error.body, { detail: "Video not found." })
    return true
  })
})

test("get job through queryOptions, and a mutation invalidates what it changed", async () => {
  const client = new QueryClient()
  const job = zVideoJobResponseSchema.parse(
    await client.query({ ...jobsQueries.getJob(state.jobId), staleTime: "static" }),
  )
  assert.equal(job.video_id, state.videoId)
  assert.deepEqual(await getJob(state.jobId), job)

  await client.query({ ...videosQueries.getVideo(state.videoId), staleTime: "static" })
  await client.query({ ...videosQueries.listVideos({}), staleTime: "static" })
  const observer = new MutationObserver(client, videosMutations.updateVideoMetadata())
  const meta = await observer.mutate({ videoId: state.videoId, body: { bitrate: 5_000_000 } })
  assert.equal(meta.bitrate, 5_000_000)
  assert.equal(client.getQueryState(videosQueries.getVideo(state.videoId).queryKey)?.isInvalidated, true)
  assert.equal(client.getQueryState(videosKeys.listVideos({}))?.isInvalidated, true)
  client.clear()
})

test("a WebSocket message is validated and written into the cached job", async () => {
  const client = new QueryClient()
  const job = await client.query({ ...jobsQueries.getJob(state.jobId), staleTime: "static" })
  // Make the cache disagree with the server, so the message visibly corrects it.
  client.setQueryData(jobsQueries.getJob(state.jobId).queryKey, { ...job, status: "failed", progress: 99 })
  const message = await new Promise<JobStatusSocketMessage>((resolve, reject) => {
    let settled = false
    const close = subscribeJobStatusSocket(
      { jobId: state.jobId, userId },
      {
        onMessage: (received) => {
          settled = true
          resolve(received)
          close()
        },
        onError: (error) => reject(error instanceof Error ? error : new Error("socket error")),
        onClose: (event) => {
          if (!settled) reject(new Error(`socket closed first: ${event.code} ${event.reason}`))
        },
      },
      { queryClient: client },
    )
  })
  zJobStatusUpdate.parse(message)
  assert.equal(message.type, "job_status")
  assert.equal(message.job_id, state.jobId)
  const cached = client.getQueryData(jobsQueries.getJob(state.jobId).queryKey)
  assert.equal(cached?.status, message.status)
  assert.equal(cached?.progress, message.progress ?? 99)
  assert.equal(client.getQueryState(jobsQueries.getJob(state.jobId).queryKey)?.isInvalidated, true)
  client.clear()
})
