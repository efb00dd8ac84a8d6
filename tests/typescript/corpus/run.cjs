// The hostile corpus at run time: argv[2] is a JSON list of cases, each with the emitted
// CommonJS modules to load, its enums and its rows (row_to_json). Per case it checks that
// every module loads, that `Constants` and the zod enums hold exactly the database's labels,
// and that `zDatabase.<schema>.<Tables|Views>.<name>.Row` parses every row and keeps all of
// its keys, except the columns in `skip` (see corpuskit.zod_skipped_columns). Only own
// properties count: a `__proto__` key must be data, not a prototype.
// Prints {case: {typescript: [message], tanstack: [message]}}.
"use strict"
const fs = require("node:fs")

const own = (obj, key) =>
  obj !== null && typeof obj === "object" && Object.prototype.hasOwnProperty.call(obj, key)
    ? obj[key]
    : undefined
const dig = (obj, ...keys) => keys.reduce(own, obj)
const show = (value) => JSON.stringify(value)?.slice(0, 300)
// zod builds its output by assignment, so a `__proto__` key cannot survive parsing (zod 4,
// upstream); the shape must still hold it as an own key, which the lookup above checks.
const ZOD_DROPS = new Set(["__proto__"])

function checkCase(spec) {
  const failures = { typescript: [], tanstack: [] }
  const loaded = {}
  for (const [target, key, file] of spec.modules) {
    try {
      loaded[key] = require(file)
    } catch (error) {
      failures[target].push(`require ${key}: ${error?.stack ?? error}`)
    }
  }
  const zDatabase = own(loaded.zod, "zDatabase")
  const constants = own(loaded.database, "Constants")
  for (const e of spec.enums) {
    const constant = dig(constants, e.schema, "Enums", e.name)
    if (show(constant) !== show(e.labels)) {
      failures.typescript.push(`Constants.${e.schema}.Enums.${e.name} is ${show(constant)}, not ${show(e.labels)}`)
    }
    // zod keeps the labels as object keys, where integer-like ones come first: compare as sets.
    const options = dig(zDatabase, e.schema, "Enums", e.name)?.options
    if (show(options && [...options].sort()) !== show([...e.labels].sort())) {
      failures.typescript.push(`zDatabase.${e.schema}.Enums.${e.name} has ${show(options)}, not ${show(e.labels)}`)
    }
  }
  for (const r of spec.relations) {
    let schema = dig(zDatabase, r.schema, r.section, r.name, "Row")
    if (schema === undefined) {
      failures.typescript.push(`no zDatabase.${r.schema}.${r.section}.${show(r.name)}.Row`)
      continue
    }
    if (r.skip.length > 0) schema = schema.omit(Object.fromEntries(r.skip.map((k) => [k, true])))
    for (const row of r.rows) {
      const result = schema.safeParse(row)
      if (!result.success) {
        failures.typescript.push(`${r.schema}.${r.name}: ${show(row)}: ${result.error.message.slice(0, 500)}`)
        break
      }
      const lost = Object.keys(row).filter(
        (k) => !r.skip.includes(k) && !ZOD_DROPS.has(k) && !Object.prototype.hasOwnProperty.call(result.data, k),
      )
      if (lost.length > 0) {
        failures.typescript.push(`${r.schema}.${r.name}: parsing drops ${show(lost)}`)
        break
      }
    }
  }
  return failures
}

const specs = JSON.parse(fs.readFileSync(process.argv[2], "utf8"))
const results = {}
for (const spec of specs) results[spec.name] = checkCase(spec)
process.stdout.write(JSON.stringify(results) + "\n")
