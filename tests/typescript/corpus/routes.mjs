// What `tsr generate` does, for every case of the hostile corpus in one process:
// argv[2] is a JSON list of {name, root, routes, tree}; prints {name: error | null}.
import { readFileSync } from "node:fs"
import { Generator, getConfig } from "@tanstack/router-generator"

const specs = JSON.parse(readFileSync(process.argv[2], "utf8"))
const results = {}
for (const spec of specs) {
  try {
    const inline = { routesDirectory: spec.routes, generatedRouteTree: spec.tree, quoteStyle: "double" }
    const config = getConfig(inline, spec.root)
    await new Generator({ config, root: spec.root }).run()
    results[spec.name] = null
  } catch (error) {
    results[spec.name] = String(error?.stack ?? error)
  }
}
process.stdout.write(JSON.stringify(results) + "\n")
