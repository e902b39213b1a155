// Writes a copy of spec/okta.yaml that Stoplight Prism can route.
//
// Prism 5.14 does not route a path key with a literal query string
// (`/users/{userId}/lifecycle/expire_password?tempPassword=true`): it answers 404
// NO_PATH_MATCHED_ERROR. This folds every such key into its plain path, turning the fixed
// pair into an optional query parameter with the literal values as its enum, and, where two
// operations share a method on the folded path, offering both success bodies through anyOf (both can match one body).
// The generator still reads the spec as written; only the mock server sees this copy.
//
// Usage: node .ci/prism-spec.mjs spec/okta.yaml OUT.yaml
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const yaml = require('js-yaml');

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node .ci/prism-spec.mjs SPEC OUT');
  process.exit(2);
}
const spec = yaml.load(fs.readFileSync(input, 'utf8'));
const methods = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];

for (const key of Object.keys(spec.paths || {})) {
  const at = key.indexOf('?');
  if (at < 0) continue;
  const base = key.slice(0, at);
  const pairs = new URLSearchParams(key.slice(at + 1));
  const item = spec.paths[key];
  delete spec.paths[key];
  const target = (spec.paths[base] ??= {});
  for (const method of methods) {
    const op = item[method];
    if (!op) continue;
    const existing = target[method];
    if (!existing) {
      op.parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])];
      for (const [name, value] of pairs) {
        op.parameters.push({ name, in: 'query', required: false, schema: { type: 'string', enum: [value] } });
      }
      target[method] = op;
      continue;
    }
    for (const [name, value] of pairs) {
      const param = existing.parameters.find((p) => p.name === name && p.in === 'query');
      if (param) param.schema.enum.push(value);
    }
    for (const [status, response] of Object.entries(op.responses)) {
      const mine = existing.responses[status];
      const theirs = response.content?.['application/json']?.schema;
      const ours = mine?.content?.['application/json']?.schema;
      if (theirs && ours && JSON.stringify(theirs) !== JSON.stringify(ours)) {
        mine.content['application/json'] = { schema: { anyOf: [ours, theirs] } };
      }
    }
  }
  if (item.parameters && !target.parameters) target.parameters = item.parameters;
}

fs.writeFileSync(output, yaml.dump(spec, { lineWidth: -1, noRefs: true }));
