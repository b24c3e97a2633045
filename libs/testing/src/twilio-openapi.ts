import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Twilio's own OpenAPI description (../shared/twilio-oai), read once, so the fake
 * accepts exactly the parameters the real API accepts and answers with exactly
 * the fields the real API returns.
 */
interface Spec {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: object } }> } }>>;
  components: { schemas: Record<string, { properties: Record<string, unknown> }> };
}

const SPEC_PATH = join(__dirname, '..', '..', '..', '..', 'shared', 'twilio-oai', 'twilio_api_v2010.json');
let spec: Spec | null = null;

function load(): Spec {
  spec ??= JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as Spec;
  return spec;
}

export function createMessageParams(): Set<string> {
  const post = load().paths['/2010-04-01/Accounts/{AccountSid}/Messages.json'].post;
  return new Set(Object.keys(post.requestBody!.content['application/x-www-form-urlencoded'].schema.properties));
}

export function updateMessageParams(): Set<string> {
  const post = load().paths['/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json'].post;
  return new Set(Object.keys(post.requestBody!.content['application/x-www-form-urlencoded'].schema.properties));
}

export function messageFields(): string[] {
  return Object.keys(load().components.schemas['api.v2010.account.message'].properties);
}
