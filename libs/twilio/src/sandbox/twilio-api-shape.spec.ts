import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CREATE_MESSAGE_PARAMS,
  INCOMING_NUMBER_FIELDS,
  LIST_INCOMING_NUMBER_PARAMS,
  LIST_MESSAGE_PARAMS,
  MESSAGE_FIELDS,
  UPDATE_INCOMING_NUMBER_PARAMS,
  UPDATE_MESSAGE_PARAMS,
} from './twilio-api-shape';

/**
 * The sandbox's copy of Twilio's API shape must equal Twilio's own OpenAPI description
 * (its Messages and IncomingPhoneNumbers parts, copied into ./openapi by scripts/extract-twilio-openapi.js).
 */
type Operation = {
  requestBody: { content: Record<string, { schema: { properties: object } }> };
  parameters: Array<{ name: string }>;
};
const read = (file: string) => JSON.parse(readFileSync(join(__dirname, 'openapi', file), 'utf8'));
const form = (op: Operation) =>
  Object.keys(op.requestBody.content['application/x-www-form-urlencoded'].schema.properties).sort();
const query = (op: Operation) => op.parameters.map((p) => p.name).sort();
const fields = (spec: { components: { schemas: Record<string, { properties: object }> } }, schema: string) =>
  Object.keys(spec.components.schemas[schema].properties).sort();

describe("sandbox API shape = Twilio's OpenAPI spec", () => {
  describe('Messages', () => {
    const spec = read('twilio-messages.json');
    const list = spec.paths['/2010-04-01/Accounts/{AccountSid}/Messages.json'];
    const one = spec.paths['/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json'];

    it('create parameters', () => expect([...CREATE_MESSAGE_PARAMS].sort()).toEqual(form(list.post)));
    it('update parameters', () => expect([...UPDATE_MESSAGE_PARAMS].sort()).toEqual(form(one.post)));
    it('list parameters', () => expect([...LIST_MESSAGE_PARAMS].sort()).toEqual(query(list.get)));
    it('message fields', () => expect([...MESSAGE_FIELDS].sort()).toEqual(fields(spec, 'api.v2010.account.message')));
  });

  describe('IncomingPhoneNumbers', () => {
    const spec = read('twilio-incoming-phone-numbers.json');
    const list = spec.paths['/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json'];
    const one = spec.paths['/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json'];

    it('update parameters', () => expect([...UPDATE_INCOMING_NUMBER_PARAMS].sort()).toEqual(form(one.post)));
    it('list parameters', () => expect([...LIST_INCOMING_NUMBER_PARAMS].sort()).toEqual(query(list.get)));
    it('number fields', () =>
      expect([...INCOMING_NUMBER_FIELDS].sort()).toEqual(fields(spec, 'api.v2010.account.incoming_phone_number')));
  });
});
