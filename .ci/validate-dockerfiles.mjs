#!/usr/bin/env node
// Validates Dockerfiles with dockerfile-utils (the validator behind VS Code's Docker language server)
// and prints every diagnostic as one JSON document on stdout:
//   {"files": N, "errors": E, "warnings": W,
//    "diagnostics": [{"file", "line", "column", "severity": "error"|"warning", "code", "message"}]}
// Lines and columns are 1-based. Exit status: 0 no errors, 1 at least one error, 2 bad usage.
//   node .ci/validate-dockerfiles.mjs FILE...
// dockerfile-utils is installed into .ci/node by .ci/install-test-tools.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, 'node', 'package.json'));

let utils;
try {
  utils = require('dockerfile-utils');
} catch (e) {
  process.stderr.write(`validate-dockerfiles: dockerfile-utils not found under ${join(here, 'node')} `
    + '(run .ci/install-test-tools)\n');
  process.exit(2);
}

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: validate-dockerfiles.mjs FILE...\n');
  process.exit(2);
}

const ERROR = 1;
const WARNING = 2;
// Every check on, at its strictest sensible level: generated recipes should be clean.
const settings = {
  deprecatedMaintainer: utils.ValidationSeverity.WARNING,
  directiveCasing: utils.ValidationSeverity.WARNING,
  emptyContinuationLine: utils.ValidationSeverity.WARNING,
  instructionCasing: utils.ValidationSeverity.WARNING,
  instructionCmdMultiple: utils.ValidationSeverity.WARNING,
  instructionEntrypointMultiple: utils.ValidationSeverity.WARNING,
  instructionHealthcheckMultiple: utils.ValidationSeverity.WARNING,
  instructionJSONInSingleQuotes: utils.ValidationSeverity.WARNING,
  instructionWorkdirRelative: utils.ValidationSeverity.WARNING,
};

const diagnostics = [];
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    process.stderr.write(`validate-dockerfiles: cannot read ${file}: ${e.message}\n`);
    process.exit(2);
  }
  for (const d of utils.validate(text, settings)) {
    diagnostics.push({
      file,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      severity: d.severity === ERROR ? 'error' : d.severity === WARNING ? 'warning' : `severity-${d.severity}`,
      code: d.code === undefined ? null : (utils.ValidationCode[d.code] ?? d.code),
      message: d.message,
    });
  }
}
const errors = diagnostics.filter((d) => d.severity === 'error').length;
process.stdout.write(JSON.stringify({
  files: files.length,
  errors,
  warnings: diagnostics.length - errors,
  diagnostics,
}, null, 2) + '\n');
process.exit(errors > 0 ? 1 : 0);
