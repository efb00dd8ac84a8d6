// Scaffolded by schemafirst once: this file is yours to edit (`generate` leaves it alone).
import { useSuspenseQuery } from "@tanstack/react-query"
import { createFileRoute, Link, type ErrorComponentProps } from "@tanstack/react-router"
import { z } from "zod"
import { zProcessingStatus } from "../../../types/zod"
import { videosQueries } from "../../../api/queries"

// Search params of the page: invalid values fall back to their defaults.
const searchSchema = z.object({
  page: z.int().min(1).default(1).catch(1),
  page_size: z.int().min(1).max(100).default(20).catch(20),
  status: zProcessingStatus.optional().catch(undefined),
})

export const Route = createFileRoute("/_authenticated/videos/")({
  validateSearch: searchSchema,
  loaderDeps: ({ search }) => search,
  loader: ({ context: { queryClient }, deps }) =>
    queryClient.query({ ...videosQueries.listVideos(deps), staleTime: "static" }),
  pendingComponent: () => <p>Loading…</p>,
  errorComponent: ({ error }: ErrorComponentProps) => (
    <p role="alert">{error instanceof Error ? error.message : String(error)}</p>
  ),
  component: VideosListPage,
})

function VideosListPage() {
  const search = Route.useSearch()
  const { data } = useSuspenseQuery(videosQueries.listVideos(search))
  return (
    <section>
      <h1>{"Videos"}</h1>
      <ul>
        {data.items.map((item) => (
          <li key={item.id}>
            <Link to="/videos/$videoId" params={{ videoId: item.id }}>
              {item.title}
            </Link>
          </li>
        ))}
      </ul>
      <nav>
        <Link from={Route.fullPath} search={(prev) => ({ ...prev, page: Math.max(1, prev.page - 1) })}>
          Previous
        </Link>
        <Link from={Route.fullPath} search={(prev) => ({ ...prev, page: prev.page + 1 })}>
          Next
        </Link>
      </nav>
    </section>
  )
}
