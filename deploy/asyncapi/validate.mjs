// Validate an AsyncAPI document with the official parser (@asyncapi/parser).
//
// Usage: node validate.mjs [path/to/asyncapi.yaml]   (default: ../../schemas/asyncapi.yaml)
//
// Prints every diagnostic (errors, warnings, hints) and exits 1 when any has error
// severity or when the parser could not build a document, so a test can run it as is.
// The document is read from disk with its path as `source`, so relative $refs to the
// generated JSON Schemas (schemas/json/*.schema.json) resolve next to it.

import { Parser, fromFile, DiagnosticSeverity } from '@asyncapi/parser';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const target = resolve(process.argv[2] ?? resolve(here, '../../schemas/asyncapi.yaml'));

const names = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'hint',
};

const parser = new Parser();
const { document, diagnostics } = await fromFile(parser, target).parse();

for (const d of diagnostics) {
  const where = d.path?.length ? d.path.join('.') : '(document)';
  const line = d.range ? `:${d.range.start.line + 1}` : '';
  console.log(`${names[d.severity] ?? d.severity} ${d.code} ${where}${line} ${d.message}`);
}

const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
if (errors.length > 0 || document === undefined) {
  console.log(`INVALID ${target}: ${errors.length} error(s)`);
  process.exit(1);
}

const channels = document.channels().all().map((c) => c.address());
const operations = document.operations().all().map((o) => `${o.action()} ${o.channels().all().map((c) => c.address()).join(',')}`);
console.log(`VALID ${target}: AsyncAPI ${document.version()}, ${channels.length} channels, ${operations.length} operations`);
console.log(JSON.stringify({ channels, operations }));
