// Scaffolded by schemafirst once: this file is yours to edit (`generate` leaves it alone).
import { createFileRoute, Outlet, redirect } from "@tanstack/react-router"
import { supabase } from "../supabase"

/** Layout of the signed-in pages: without a Supabase session, go to /login and come back. */
export const Route = createFileRoute("/_authenticated")({
  beforeLoad: async ({ location }) => {
    const { data } = await supabase.auth.getSession()
    if (data.session === null) {
      throw redirect({ to: "/login", search: { redirect: location.href } })
    }
    return { session: data.session }
  },
  component: Outlet,
})
