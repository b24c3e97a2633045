import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { Client } from 'pg';
import {
  builtAppEnv,
  BuiltProcess,
  curlSignature,
  freePort,
  ReadmeCommand,
  readmeShellCommands,
  spawnBuilt,
  TEST_DATABASE_URL,
  DATA_TABLES,
} from './support';

type Json = Record<string, unknown>;
interface Answer {
  status: number;
  json: Json;
}

const tomorrowAt = (time: string) => `${DateTime.utc().plus({ days: 1 }).toISODate()}T${time}.000Z`;

/**
 * What each README example must do, by the route it calls. An example calling a route
 * missing here fails the test: a new example comes with what it is supposed to do.
 */
const EXPECTED: Record<string, (answer: Answer, command: ReadmeCommand) => void> = {
  'GET /api/health': ({ status, json }) => {
    expect(status).toBe(200);
    expect(json).toMatchObject({ status: 'ok', db: 'ok', redis: 'ok' });
  },
  'POST /api/messages': ({ status, json }, command) => {
    expect(status).toBe(201);
    if (command.text.includes('sendAt')) {
      // "A one-off appointment reminder for tomorrow": held, not sent at once.
      expect(json).toMatchObject({ status: 'scheduled' });
      expect(new Date(json.scheduledAt as string).toISOString()).toBe(tomorrowAt('09:00:00'));
    } else expect(json).toMatchObject({ status: 'pending', to: '+15551234567', body: 'Your order is ready.' });
    // "Act for it with the platform key and X-Business-Id: its sends leave from its own number."
    if (command.text.includes('X-Business-Id: acme')) expect(json).toMatchObject({ from: '+15005550123' });
    if (command.text.includes('mediaUrls'))
      expect(json).toMatchObject({ mediaUrls: [expect.any(String)], numMedia: 1 });
  },
  'POST /api/businesses': ({ status, json }) => {
    expect(status).toBe(201);
    expect(json).toMatchObject({
      slug: 'acme',
      status: 'active',
      timezone: 'America/Chicago',
      numbers: [{ channel: 'sms', address: '+15005550123' }],
    });
  },
  'POST /api/businesses/acme/api-keys': ({ status, json }) => {
    expect(status).toBe(201);
    expect(json).toMatchObject({ name: 'front desk', key: expect.stringMatching(/^sbk_/) });
  },
  'GET /api/businesses/acme/usage': ({ status, json }) => {
    expect(status).toBe(200);
    expect(json).toMatchObject({ slug: 'acme', days: 7 });
    expect(json.items).toHaveLength(7);
    // The text sent for acme above.
    expect(json.totals).toMatchObject({ outbound: 1 });
  },
  'POST /api/businesses/acme/suspend': ({ status, json }) => {
    expect(status).toBe(200);
    expect(json).toMatchObject({ slug: 'acme', status: 'suspended' });
  },
  'POST /api/businesses/acme/resume': ({ status, json }) => {
    expect(status).toBe(200);
    expect(json).toMatchObject({ slug: 'acme', status: 'active' });
  },
  'POST /api/businesses/default/widget-token': ({ status, json }) => {
    expect(status).toBe(200);
    expect(json).toMatchObject({ token: expect.stringMatching(/^sbw_/), business: { slug: 'default' } });
    expect(json.embed).toContain('/widget/embed.js');
  },
  'PATCH /api/businesses/default': ({ status, json }) => {
    expect(status).toBe(200);
    expect(json).toMatchObject({ widget: { tokenSet: true, allowedOrigins: ['https://shop.example'] } });
  },
  'POST /api/widget/messages': ({ status, json }) => {
    // No worker runs here: the message is stored and the answer would follow (202 after WIDGET_REPLY_TIMEOUT_MS).
    expect([200, 202]).toContain(status);
    expect(json).toMatchObject({ inboundId: expect.any(String), channel: 'web' });
  },
  'GET /api/messages': ({ status, json }) => {
    expect(status).toBe(200);
    expect(json.items).toEqual(expect.any(Array));
  },
  'DELETE /api/messages/<id>/schedule': ({ status, json }) => {
    expect(status).toBe(200);
    expect(json).toMatchObject({ status: 'canceled' });
  },
  'POST /api/ai/config': ({ status, json }) => {
    expect(status).toBeLessThan(300);
    expect(json).toMatchObject({
      enabled: true,
      systemPrompt: 'You answer for Acme Bakery. Be brief.',
      temperature: 0.3,
    });
  },
  'POST /api/campaigns': ({ status, json }) => {
    expect(status).toBe(201);
    // "(555) 123-4567\n555.123.4568; +1 555 123 4569": three numbers, as pasted.
    expect(json).toMatchObject({ status: 'draft', accepted: { valid: 3, duplicates: 0, invalid: [] } });
  },
  'GET /api/campaigns/<id>/preview': ({ status, json }) => {
    expect(status).toBe(200);
    // The three numbers go now or when quiet hours end in New York, whatever the hour of the run.
    const groups = json as Record<string, { count: number }>;
    expect(groups.sendNow.count + groups.quietHours.count).toBe(3);
    expect(json).toMatchObject({ total: 3, messages: 3, segments: { encoding: 'GSM-7', perMessage: 1, total: 3 } });
  },
  'POST /api/campaigns/<id>/launch': ({ status, json }) => {
    expect(status).toBeLessThan(300);
    expect(json).toMatchObject({ status: 'running' });
  },
  'GET /api/campaigns/<id>/recipients': ({ status, json }) => {
    expect(status).toBe(200);
    expect(json.items).toEqual(expect.any(Array));
  },
  'POST /api/reminders': ({ status, json }) => {
    expect(status).toBe(201);
    const next = DateTime.fromISO(json.nextRunAt as string);
    expect(next.isValid).toBe(true);
    expect(next > DateTime.utc()).toBe(true);
    if (json.cron) {
      // "Every weekday at 09:00 Warsaw time"
      const warsaw = next.setZone('Europe/Warsaw');
      expect([warsaw.hour, warsaw.minute, warsaw.weekday <= 5]).toEqual([9, 0, true]);
    } else {
      // "Every 8 hours from tomorrow morning, for a week": first run tomorrow at 08:00 UTC.
      expect(next.toUTC().toISO()).toBe(tomorrowAt('08:00:00'));
      expect(json).toMatchObject({ intervalSeconds: 28_800, enabled: true });
    }
  },
  'PATCH /api/reminders/<id>': ({ status, json }) => {
    expect(status).toBe(200);
    expect(json).toMatchObject({ enabled: false });
  },
};

/**
 * Every curl example of the README, run as written (bash, curl, GNU date) in reading
 * order against the built API, with only the port changed and `<id>` filled in from the
 * example before it: each must answer as the README says it does.
 */
describe('README examples', () => {
  const KEY = `readme-${randomBytes(12).toString('hex')}`;
  let api: BuiltProcess;
  let base: string;
  let scratch: string;
  let db: Client;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    scratch = mkdtempSync(join(tmpdir(), 'readme-'));
    db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    await db.query(`TRUNCATE ${DATA_TABLES}`);
    // The walk-through creates the business acme: a run before this one left it.
    await db.query("DELETE FROM businesses WHERE slug <> 'default'");
    api = await spawnBuilt(
      'api',
      builtAppEnv('readme', { PORT: String(port), ADMIN_API_KEY: KEY, WIDGET_REPLY_TIMEOUT_MS: '500' }),
      /listening on http/,
    );
  }, 40_000);

  afterAll(async () => {
    rmSync(scratch, { recursive: true, force: true });
    await db?.end();
    if (!api) return;
    const exited = new Promise((resolve) => api.child.once('exit', resolve));
    api.child.kill('SIGTERM');
    await exited;
  });

  it('finds the examples', () => {
    const signatures = readmeShellCommands()
      .filter((c) => c.text.startsWith('curl '))
      .map((c) => curlSignature(c.text));
    expect(new Set(signatures).size).toBeGreaterThanOrEqual(10);
  });

  it('runs every curl example as written, each doing what the README says', async () => {
    const shell: string[] = [];
    let lastId: string | null = null;
    /** The widget token the rotate example showed, for the examples that use `<token>`. */
    let lastToken: string | null = null;
    let block = 0;
    const ran: string[] = [];
    for (const command of readmeShellCommands()) {
      if (command.block !== block) [block, lastId] = [command.block, null];
      if (!command.text.startsWith('curl ')) {
        // Variables the following examples use (KEY, START, END): kept for the rest of the run.
        shell.push(command.text);
        continue;
      }
      const signature = curlSignature(command.text);
      const where = `README line ${command.line}: ${signature}`;
      if (!EXPECTED[signature]) throw new Error(`${where} has no expectation in this test: add what it should do`);
      if (command.text.includes('<id>') && !lastId) throw new Error(`${where} uses <id> with no id before it`);
      if (command.text.includes('<token>') && !lastToken)
        throw new Error(`${where} uses <token> with no token before it`);
      const runnable = command.text
        .replaceAll('http://127.0.0.1:3000', base)
        .replaceAll('<id>', lastId ?? '')
        .replaceAll('<token>', lastToken ?? '');
      const answer = await curl([...shell, runnable].join('\n'), KEY, scratch);
      try {
        EXPECTED[signature](answer, command);
        if (command.shownOutput) expect(answer.json).toMatchObject(JSON.parse(command.shownOutput) as Json);
      } catch (error) {
        throw new Error(`${where} → ${answer.status} ${JSON.stringify(answer.json).slice(0, 600)}\n${String(error)}`, {
          cause: error,
        });
      }
      if (signature.startsWith('POST') && typeof answer.json.id === 'string') lastId = answer.json.id;
      if (typeof answer.json.token === 'string') lastToken = answer.json.token;
      ran.push(signature);
    }
    expect(new Set(ran)).toEqual(new Set(Object.keys(EXPECTED)));
  }, 60_000);
});

/** Runs a README command in bash with only ADMIN_API_KEY set, capturing curl's status code and body. */
function curl(script: string, key: string, scratch: string): Promise<Answer> {
  const out = join(scratch, 'body.json');
  rmSync(out, { force: true });
  // curl writes the body to a file and the status to stdout; an example's own options stay as written.
  const wrapped = `curl() { command curl -sS -o "${out}" -w '%{http_code}' "$@"; }\n${script}`;
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      ['--norc', '--noprofile', '-euc', wrapped],
      { env: { PATH: process.env.PATH, ADMIN_API_KEY: key }, timeout: 15_000 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`bash failed: ${stderr || error.message}\n${script}`));
        const text = readFileSync(out, 'utf8');
        resolve({ status: Number(stdout.trim().slice(-3)), json: text ? (JSON.parse(text) as Json) : {} });
      },
    );
  });
}
