#!/usr/bin/env node
/**
 * Copies the part of Twilio's OpenAPI description (MIT, ../shared/twilio-oai) that the
 * sandbox's shape test checks against (the Messages and IncomingPhoneNumbers paths and their schemas) into
 * the repository, so the test runs in any clone. Run it again when Twilio's spec changes:
 *   node scripts/extract-twilio-openapi.js [path/to/twilio_api_v2010.json]
 */
'use strict';
const { copyFileSync, readFileSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

const source = process.argv[2] ?? join(__dirname, '..', '..', 'shared', 'twilio-oai', 'twilio_api_v2010.json');
const target = join(__dirname, '..', 'libs', 'twilio', 'src', 'sandbox', 'openapi');
const spec = JSON.parse(readFileSync(source, 'utf8'));
/** One file per resource the sandbox plays: its list and instance paths, its schema and the enums it names. */
const RESOURCES = {
  'twilio-messages.json': {
    paths: ['/2010-04-01/Accounts/{AccountSid}/Messages.json', '/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json'],
    schema: 'api.v2010.account.message',
  },
  'twilio-incoming-phone-numbers.json': {
    paths: [
      '/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json',
      '/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json',
    ],
    schema: 'api.v2010.account.incoming_phone_number',
  },
};

for (const [file, { paths, schema }] of Object.entries(RESOURCES)) {
  const subset = {
    openapi: spec.openapi,
    info: spec.info,
    paths: Object.fromEntries(paths.map((path) => [path, spec.paths[path]])),
    components: { schemas: { [schema]: spec.components.schemas[schema] } },
  };
  writeFileSync(join(target, file), `${JSON.stringify(subset, null, 2)}\n`);
  console.log(`wrote ${join(target, file)} from ${source}`);
}
copyFileSync(join(dirname(source), 'LICENSE'), join(target, 'LICENSE'));
