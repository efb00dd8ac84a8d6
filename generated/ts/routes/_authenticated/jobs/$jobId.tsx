// Scaffolded by schemafirst once: this file is yours to edit (`generate` leaves it alone).
import { useSuspenseQuery } from "@tanstack/react-query"
import { createFileRoute, notFound, type ErrorComponentProps } from "@tanstack/react-router"
import { isApiError } from "../../../api/client"
import { jobsQueries } from "../../../api/queries"

export const Route = createFileRoute("/_authenticated/jobs/$jobId")({
  loader: async ({ context: { queryClient }, params: { jobId } }) => {
    try {
      return await queryClient.query({ ...jobsQueries.getJob(jobId), staleTime: "static" })
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
  notFoundComponent: () => <p>{"Jobs: not found."}</p>,
  component: JobsDetailPage,
})

function JobsDetailPage() {
  const { jobId } = Route.useParams()
  const { data } = useSuspenseQuery(jobsQueries.getJob(jobId))
  return (
    <article>
      <pre>{JSON.stringify(data, null, 2)}</pre>
    </article>
  )
}
