// Fails when a project's own files use an API its dependencies mark `@deprecated`.
//
// `tsc` never reports deprecations (they are editor suggestions), and
// TypeScript 7 has no classic compiler API; its `typescript/unstable/sync`
// API drives the same native checker and returns the suggestion diagnostics
// an editor would strike through (`reportsDeprecated`, codes 6385/6387).
//
// Usage: node check-deprecated.mjs path/to/tsconfig.json
import path from "node:path"
import process from "node:process"
import { API } from "typescript/unstable/sync"

const tsconfig = path.resolve(process.argv[2] ?? "tsconfig.json")
const api = new API({ cwd: path.dirname(tsconfig) })
let found = 0
let checked = 0
try {
  const snapshot = api.updateSnapshot({ openProjects: [tsconfig] })
  const project = snapshot.getProject(tsconfig) ?? snapshot.getProjects()[0]
  if (project === undefined) throw new Error(`no project for ${tsconfig}`)
  for (const file of project.program.getSourceFileNames()) {
    if (file.includes("/node_modules/")) continue
    checked += 1
    for (const d of project.program.getSuggestionDiagnostics(file)) {
      if (!d.reportsDeprecated) continue
      found += 1
      const source = project.program.getSourceFile(file)
      const text = source?.text ?? ""
      const line = text.slice(0, d.pos).split("\n").length
      const code = text.slice(d.pos, d.end).trim()
      console.log(`${path.relative(process.cwd(), file)}:${line}: \`${code}\`: TS${d.code}: ${d.text}`)
    }
  }
} finally {
  api.close()
}
if (checked === 0) {
  console.log("no source files were checked")
  process.exit(2)
}
console.log(`${checked} files checked, ${found} deprecated uses`)
process.exit(found ? 1 : 0)
