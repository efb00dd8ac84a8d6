// Scaffolded by schemafirst once: this file is yours to edit (`generate` leaves it alone).
import { useState } from "react"
import { createFileRoute, useRouter } from "@tanstack/react-router"
import { z } from "zod"
import { supabase } from "../supabase"

const searchSchema = z.object({
  /** Where to go after signing in (set by the `_authenticated` layout). */
  redirect: z.string().optional().catch(undefined),
})

export const Route = createFileRoute("/login")({
  validateSearch: searchSchema,
  component: LoginPage,
})

function LoginPage() {
  const { redirect } = Route.useSearch()
  const router = useRouter()
  const [error, setError] = useState<string | null>(null)
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault()
        const fields = new FormData(event.currentTarget)
        void supabase.auth
          .signInWithPassword({
            email: String(fields.get("email") ?? ""),
            password: String(fields.get("password") ?? ""),
          })
          .then(({ error: failure }) => {
            if (failure !== null) {
              setError(failure.message)
              return
            }
            router.history.push(redirect ?? "/")
          })
      }}
    >
      <label>
        Email <input name="email" type="email" autoComplete="email" required />
      </label>
      <label>
        Password <input name="password" type="password" autoComplete="current-password" required />
      </label>
      {error !== null && <p role="alert">{error}</p>}
      <button type="submit">Sign in</button>
    </form>
  )
}
