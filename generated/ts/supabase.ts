// Scaffolded by schemafirst once: this file is yours to edit (`generate` leaves it alone).
import { createClient } from "@supabase/supabase-js"
import type { Database } from "./types/database"

// Your project's URL and anon (publishable) key; under Vite, for example,
// `import.meta.env.VITE_SUPABASE_URL` and `import.meta.env.VITE_SUPABASE_ANON_KEY`.
const SUPABASE_URL = "http://127.0.0.1:54321"
const SUPABASE_ANON_KEY = "replace-with-your-anon-key"

/** The app's Supabase client, typed by the generated `Database`. */
export const supabase = createClient<Database>(SUPABASE_URL, SUPABASE_ANON_KEY)
