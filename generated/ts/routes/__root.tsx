// Scaffolded by schemafirst once: this file is yours to edit (`generate` leaves it alone).
import type { QueryClient } from "@tanstack/react-query"
import {
  createRootRouteWithContext,
  Link,
  Outlet,
  useRouter,
  type ErrorComponentProps,
} from "@tanstack/react-router"

/** What every route's `beforeLoad` and `loader` receive as `context`. */
export interface RouterContext {
  queryClient: QueryClient
}

export const Route = createRootRouteWithContext<RouterContext>()({
  component: RootLayout,
  errorComponent: RootError,
  notFoundComponent: NotFound,
})

function RootLayout() {
  return (
    <>
      <nav>
        <Link to="/videos">{"Videos"}</Link>
      </nav>
      <main>
        <Outlet />
      </main>
    </>
  )
}

function RootError({ error, reset }: ErrorComponentProps) {
  const router = useRouter()
  return (
    <div role="alert">
      <p>Something went wrong: {error instanceof Error ? error.message : String(error)}</p>
      <button
        type="button"
        onClick={() => {
          reset()
          void router.invalidate()
        }}
      >
        Try again
      </button>
    </div>
  )
}

function NotFound() {
  return <p>Page not found.</p>
}
