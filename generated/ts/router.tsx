// Scaffolded by schemafirst once: this file is yours to edit (`generate` leaves it alone).
import { QueryClient, QueryClientProvider } from "@tanstack/react-query"
import { createRouter } from "@tanstack/react-router"
import { configureClient } from "./api/client"
import { routeTree } from "./routeTree.gen"
import { supabase } from "./supabase"

configureClient({
  // Where the API runs; "" sends requests to the page's own origin.
  baseUrl: "",
  // Sends the Supabase session's token as `Authorization: Bearer …`.
  getAccessToken: async () => (await supabase.auth.getSession()).data.session?.access_token,
  // The API's operations also read the request header(s) x-user-id;
  // send them from here, e.g. `headers: async () => ({ ... })`.
})

/** A router with its own QueryClient (one per request when rendering on the server). */
export function getRouter() {
  const queryClient = new QueryClient()
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: "intent",
    // TanStack Query decides freshness, not the router's preload cache.
    defaultPreloadStaleTime: 0,
    scrollRestoration: true,
    Wrap: ({ children }) => <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>,
  })
}

declare module "@tanstack/react-router" {
  interface Register {
    router: ReturnType<typeof getRouter>
  }
}
