#!/usr/bin/env node
/**
 * Copies the part of Twilio's OpenAPI description (MIT, ../shared/twilio-oai) that the
 * sandbox's shape test checks against (the Messages paths and the message schema) into
 * the repository, so the test runs in any clone. Run it again when Twilio's spec changes:
 *   node scripts/extract-twilio-openapi.js [path/to/twilio_api_v2010.json]
 */
'use strict';
const { copyFileSync, readFileSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

const source = process.argv[2] ?? join(__dirname, '..', '..', 'shared', 'twilio-oai', 'twilio_api_v2010.json');
const target = join(__dirname, '..', 'libs', 'twilio', 'src', 'sandbox', 'openapi');
const spec = JSON.parse(readFileSync(source, 'utf8'));
const LIST = '/2010-04-01/Accounts/{AccountSid}/Messages.json';
const ONE = '/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json';
const MESSAGE = 'api.v2010.account.message';

const subset = {
  openapi: spec.openapi,
  info: spec.info,
  paths: { [LIST]: spec.paths[LIST], [ONE]: spec.paths[ONE] },
  components: { schemas: { [MESSAGE]: spec.components.schemas[MESSAGE] } },
};
writeFileSync(join(target, 'twilio-messages.json'), `${JSON.stringify(subset, null, 2)}\n`);
copyFileSync(join(dirname(source), 'LICENSE'), join(target, 'LICENSE'));
console.log(`wrote ${join(target, 'twilio-messages.json')} from ${source}`);
