// Scaffolded by schemafirst once: this file is yours to edit (`generate` leaves it alone).
import { useSuspenseQuery } from "@tanstack/react-query"
import { createFileRoute, notFound, type ErrorComponentProps } from "@tanstack/react-router"
import { isApiError } from "../../../api/client"
import { videosQueries } from "../../../api/queries"

export const Route = createFileRoute("/_authenticated/videos/$videoId")({
  loader: async ({ context: { queryClient }, params: { videoId } }) => {
    try {
      return await queryClient.query({ ...videosQueries.getVideo(videoId), staleTime: "static" })
    } catch (error) {
      // The API answers 404 for an id that does not exist (or is not yours).
      if (isApiError(error, 404)) throw notFound()
      throw error
    }
  },
  pendingComponent: () => <p>Loading…</p>,
  errorComponent: ({ error }: ErrorComponentProps) => (
    <p role="alert">{error instanceof Error ? error.message : String(error)}</p>
  ),
  notFoundComponent: () => <p>{"Videos: not found."}</p>,
  component: VideosDetailPage,
})

function VideosDetailPage() {
  const { videoId } = Route.useParams()
  const { data } = useSuspenseQuery(videosQueries.getVideo(videoId))
  return (
    <article>
      <pre>{JSON.stringify(data, null, 2)}</pre>
    </article>
  )
}
