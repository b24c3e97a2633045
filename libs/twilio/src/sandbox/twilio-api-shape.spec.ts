import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CREATE_MESSAGE_PARAMS, LIST_MESSAGE_PARAMS, MESSAGE_FIELDS, UPDATE_MESSAGE_PARAMS } from './twilio-api-shape';

/**
 * The sandbox's copy of Twilio's API shape must equal Twilio's own OpenAPI description
 * (its Messages part, copied into ./openapi by scripts/extract-twilio-openapi.js).
 */
describe("sandbox API shape = Twilio's OpenAPI spec", () => {
  const spec = JSON.parse(readFileSync(join(__dirname, 'openapi', 'twilio-messages.json'), 'utf8'));
  const list = spec.paths['/2010-04-01/Accounts/{AccountSid}/Messages.json'];
  const one = spec.paths['/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json'];
  const form = (op: { requestBody: { content: Record<string, { schema: { properties: object } }> } }) =>
    Object.keys(op.requestBody.content['application/x-www-form-urlencoded'].schema.properties).sort();

  it('create parameters', () => expect([...CREATE_MESSAGE_PARAMS].sort()).toEqual(form(list.post)));
  it('update parameters', () => expect([...UPDATE_MESSAGE_PARAMS].sort()).toEqual(form(one.post)));
  it('list parameters', () =>
    expect([...LIST_MESSAGE_PARAMS].sort()).toEqual(list.get.parameters.map((p: { name: string }) => p.name).sort()));
  it('message fields', () =>
    expect([...MESSAGE_FIELDS].sort()).toEqual(
      Object.keys(spec.components.schemas['api.v2010.account.message'].properties).sort(),
    ));
});
