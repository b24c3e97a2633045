// Validates an OpenAPI document read from stdin against the OpenAPI specification's own JSON
// schema (@seriousme/openapi-schema-validator: 2.0 to 3.2) and prints the result as JSON. A child
// process, because the validator is an ES module that reads its schemas through import.meta.url,
// which Jest's CommonJS transform cannot load: `node test/support/validate-openapi.mjs < doc.json`.
import { Validator } from '@seriousme/openapi-schema-validator';

let text = '';
for await (const chunk of process.stdin) text += chunk;
const validator = new Validator();
const result = await validator.validate(JSON.parse(text));
process.stdout.write(JSON.stringify({ version: validator.version, ...result }));
