import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN, SANDBOX_DEFAULT_FROM } from '@app/config';
import { BUSINESS_LOOKUP_TTL_MS } from '@app/database';
import {
  builtAppEnv,
  BuiltProcess,
  freePort,
  runSim,
  spawnStart,
  TEST_DATABASE_URL,
  TEST_SECRETS_KEY,
  waitFor,
  DATA_TABLES,
} from './support';

/**
 * First run without any account: `npm start`'s script (migrate + the built API
 * and worker) in sandbox mode with no Twilio or OpenAI credentials at all,
 * driven by the built `sim` CLI, as the README's quick start says.
 */
describe('sandbox mode + sim CLI', () => {
  const NUMBER = '+15551234567';
  let app: BuiltProcess;
  let env: Record<string, string | undefined>;
  let db: Client;
  const cwd = tmpdir();
  const sim = (...args: string[]) => runSim(args, env, cwd);

  beforeAll(async () => {
    const port = await freePort();
    env = builtAppEnv('sim', { PORT: String(port), ADMIN_API_KEY: 'sim-admin-key', SECRETS_KEY: TEST_SECRETS_KEY });
    db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    await db.query(`TRUNCATE ${DATA_TABLES}`);
    await db.query("DELETE FROM businesses WHERE slug <> 'default'");
    // Its name is in the texts and the call's greeting below; a suite before may have renamed it.
    await db.query(
      'UPDATE businesses SET name = \'Default\', "bookingEnabled" = false, "ownerPhone" = NULL WHERE slug = \'default\'',
    );
    app = await spawnStart({ ...env, LOG_LEVEL: 'info' });
  }, 40_000);

  afterAll(async () => {
    if (app) {
      const exited = new Promise((resolve) => app.child.once('exit', resolve));
      app.child.kill('SIGINT'); // Ctrl-C: start.js stops both processes
      await exited;
    }
    await db?.end();
  });

  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`http://127.0.0.1:${env.PORT}${path}`, {
      ...init,
      headers: { 'x-api-key': 'sim-admin-key', 'content-type': 'application/json', ...(init.headers ?? {}) },
    });

  it('prints the help reply to HELP, delivered through signed sandbox callbacks', async () => {
    const { code, stdout } = await sim('text', NUMBER, 'HELP');
    expect(code).toBe(0);
    expect(stdout).toContain(`${NUMBER} → +15005550006: HELP`);
    expect(stdout).toMatch(/\+15005550006 → \+15551234567: Reply STOP to unsubscribe/);
    // queued → sent → delivered came back through /twilio/status, signature checked.
    const { rows } = await db.query(
      `SELECT status FROM messages WHERE direction = 'outbound' AND participant = $1 AND source = 'keyword'`,
      [NUMBER],
    );
    await waitFor(async () => {
      const r = await db.query(`SELECT status FROM messages WHERE direction = 'outbound' AND participant = $1`, [
        NUMBER,
      ]);
      return r.rows[0]?.status === 'delivered';
    }, 'the delivered callback');
    expect(rows).toHaveLength(1);
  }, 30_000);

  it('texts a business with a Twilio subaccount of its own: --account signs with its token and reads its replies there', async () => {
    const [sub, token, number, customer] = [
      `AC${'7'.repeat(32)}`,
      'sim-subaccount-token',
      '+15005550177',
      '+15557770042',
    ];
    const created = await admin('/api/businesses', {
      method: 'POST',
      body: JSON.stringify({
        name: 'Beta',
        slug: 'beta',
        numbers: [{ channel: 'sms', address: number }],
        twilio: { accountSid: sub, authToken: token },
      }),
    });
    expect(created.status).toBe(201);
    // Signed with the sandbox's own token, as for the other businesses: refused.
    const refused = await sim('text', '--to', number, customer, 'HELP');
    expect(refused.stdout).toContain('HTTP 403');
    const { code, stdout } = await sim('text', '--to', number, '--account', `${sub}:${token}`, customer, 'HELP');
    expect(code).toBe(0);
    expect(stdout).toMatch(/\+15005550177 → \+15557770042: Reply STOP to unsubscribe/);
    const { rows } = await db.query(
      `SELECT m.direction, b.slug, m."accountSid" FROM messages m JOIN businesses b ON b.id = m."businessId"
       WHERE m.participant = $1 ORDER BY m."createdAt"`,
      [customer],
    );
    expect(rows.map((r: { direction: string; slug: string }) => [r.direction, r.slug])).toEqual([
      ['inbound', 'beta'],
      ['outbound', 'beta'],
    ]);
    // The sandbox's status callbacks for the reply are signed with the subaccount's token: applied.
    await waitFor(async () => {
      const r = await db.query(`SELECT status FROM messages WHERE direction = 'outbound' AND participant = $1`, [
        customer,
      ]);
      return r.rows[0]?.status === 'delivered';
    }, 'the delivered callback');
  }, 30_000);

  it('reads a number as people type it, and finds the reply sent to its E.164 form', async () => {
    const { code, stdout } = await sim('text', '(415) 555-0142', 'HELP');
    expect(code).toBe(0);
    expect(stdout).toContain('+14155550142 → +15005550006: HELP');
    expect(stdout).toMatch(/\+15005550006 → \+14155550142: Reply STOP to unsubscribe/);
    expect(stdout).not.toContain('no reply');

    const junk = await sim('text', 'call me', 'HELP');
    expect(junk.code).toBe(1);
    expect(junk.stderr.trim()).toBe('switchboard: <from> must be a phone number, like +15551234567 (got "call me")');
  }, 30_000);

  it('says AI is off without a key, and the keyword bot answers', async () => {
    const res = await admin('/api/ai/config');
    expect(await res.json()).toMatchObject({
      active: false,
      unavailableReason: expect.stringMatching(/no OpenAI API key/),
    });
    const { stdout } = await sim('text', '+15557770000', 'what are your hours?');
    expect(stdout).toMatch(/Reply HELP for help or STOP to opt out/);
  }, 30_000);

  it('after STOP, neither a reply nor an API send reaches the number', async () => {
    const stop = await sim('text', NUMBER, 'STOP');
    expect(stop.stdout).toMatch(/unsubscribed/);

    const after = await sim('text', NUMBER, 'hello?', '--wait', '2');
    expect(after.stdout).toContain('(no reply within 2s)');

    const send = await admin('/api/messages', {
      method: 'POST',
      body: JSON.stringify({ to: NUMBER, body: 'Sale today!' }),
    });
    expect(send.status).toBe(201);
    const { id } = (await send.json()) as { id: string };
    await waitFor(async () => {
      const r = await db.query('SELECT status FROM messages WHERE id = $1', [id]);
      return r.rows[0]?.status === 'suppressed';
    }, 'the suppressed send');
  }, 30_000);

  it("keeps WhatsApp's 24-hour window: a text opens it, and the sandbox fails free text outside it with 63016", async () => {
    const wrote = '+15551230001';
    const texted = await sim('text', '--whatsapp', wrote, 'HELP');
    expect(texted.code).toBe(0);
    expect(texted.stdout).toMatch(/Reply STOP to unsubscribe/);
    // The app would refuse free text to a number that never wrote before Twilio saw it, so ask
    // the sandbox directly, through Twilio's REST API, as anything using its credentials can.
    const messages = `http://127.0.0.1:${env.PORT}/sandbox/2010-04-01/Accounts/${SANDBOX_ACCOUNT_SID}/Messages`;
    const authorization = `Basic ${Buffer.from(`${SANDBOX_ACCOUNT_SID}:${SANDBOX_AUTH_TOKEN}`).toString('base64')}`;
    const create = async (form: Record<string, string>) => {
      const res = await fetch(`${messages}.json`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ From: 'whatsapp:+15005550006', ...form }).toString(),
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { sid: string }).sid;
    };
    const statusOf = async (sid: string) =>
      (await (await fetch(`${messages}/${sid}.json`, { headers: { authorization } })).json()) as {
        status: string;
        error_code: number | null;
      };
    const inside = await create({ To: `whatsapp:${wrote}`, Body: 'still open' });
    const outside = await create({ To: 'whatsapp:+15551230002', Body: 'who are you?' });
    const template = await create({
      To: 'whatsapp:+15551230002',
      ContentSid: `HX${'a'.repeat(32)}`,
      ContentVariables: '{"1":"Ada"}',
    });
    // Accepted (201) as Twilio accepts it, then failed (these asked for no status callbacks: at once).
    await waitFor(async () => (await statusOf(outside)).status === 'failed', 'the 63016 failure');
    expect(await statusOf(outside)).toMatchObject({ error_code: 63016 });
    expect(await statusOf(template)).toMatchObject({ status: 'queued', error_code: null });
    expect(await statusOf(inside)).toMatchObject({ status: 'queued', error_code: null });
    // The app's own sends follow its status callbacks: an API send of the same template is delivered.
    const send = await admin('/api/messages', {
      method: 'POST',
      body: JSON.stringify({ to: '+15551230002', channel: 'whatsapp', contentSid: `HX${'a'.repeat(32)}` }),
    });
    expect(send.status).toBe(201);
    const { id } = (await send.json()) as { id: string };
    await waitFor(async () => {
      const r = await db.query('SELECT status FROM messages WHERE id = $1', [id]);
      return r.rows[0]?.status === 'delivered';
    }, 'the template delivered');
  }, 30_000);

  it('drives a booking conversation by text (BOOK, then a number) and by phone (sim call)', async () => {
    const customer = '+15557770077';
    const caller = '+15557770078';
    const owner = '+15557770099';
    const enabled = await admin('/api/businesses/default', {
      method: 'PATCH',
      body: JSON.stringify({ bookingEnabled: true, timezone: 'America/New_York', ownerPhone: owner }),
    });
    expect(enabled.status).toBe(200);
    const allDay = [{ start: '00:00', end: '23:59' }];
    const weeklyHours = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, allDay]));
    const hours = await admin('/api/availability', { method: 'PUT', body: JSON.stringify({ weeklyHours }) });
    expect(hours.status).toBe(200);
    // The worker is another process: it sees the business's new setting within its 5 s cache.
    await sleep(BUSINESS_LOOKUP_TTL_MS + 500);
    try {
      const offer = await sim('text', customer, 'BOOK');
      expect(offer.stdout).toMatch(/Reply 1, 2 or 3 to choose:/);
      const booked = await sim('text', customer, '1');
      expect(booked.stdout).toMatch(
        /Booked: your appointment is on .+ \(America\/New_York\)\. Reply CANCEL APPOINTMENT to cancel\./,
      );
      const { rows } = await db.query(
        `SELECT a.source FROM appointments a JOIN contacts c ON c.id = a."contactId" WHERE c.phone = $1`,
        [customer],
      );
      expect(rows).toEqual([{ source: 'sms' }]);

      const call = await sim('call', caller, 'Book.', '2.');
      expect(call.code).toBe(0);
      const transcript = call.stdout.trim().split('\n');
      expect(transcript[0]).toBe(`${caller} calls ${SANDBOX_DEFAULT_FROM}`);
      expect(transcript[1]).toMatch(
        /^Assistant: Thanks for calling Default\. How can we help you today\? {2}\[\d+ ms\]$/,
      );
      expect(transcript).toContain('Caller: Book.');
      expect(transcript.find((line) => line.startsWith('Assistant: Reply 1, 2 or 3'))).toBeDefined();
      expect(transcript).toContain('Caller: 2.');
      expect(transcript.find((line) => line.startsWith('Assistant: Booked: your appointment is on'))).toBeDefined();
      expect(transcript.at(-1)).toMatch(/^\(call ended by the caller \(\d+ s\)\)$/);
      const { rows: calls } = await db.query(
        `SELECT a.source FROM appointments a JOIN contacts c ON c.id = a."contactId" WHERE c.phone = $1`,
        [caller],
      );
      expect(calls).toEqual([{ source: 'voice' }]);
      // Once the call is over the owner hears of it, through the sandbox like any text.
      await waitFor(async () => {
        const { rows: texts } = await db.query(
          `SELECT body FROM messages WHERE source = 'call_summary' AND "to" = $1 AND sid IS NOT NULL`,
          [owner],
        );
        return texts.length === 1 && texts[0].body.startsWith(`Booked by phone: call for Default from ${caller}`);
      }, "the owner's call summary");
    } finally {
      await admin('/api/businesses/default', {
        method: 'PATCH',
        body: JSON.stringify({ bookingEnabled: false, ownerPhone: null }),
      });
    }
  }, 40_000);

  it('chats through the widget as a visitor who proves their number with the code the sandbox was texted', async () => {
    const rotated = await admin('/api/businesses/default/widget-token', { method: 'POST' });
    expect(rotated.status).toBe(200);
    const { token } = (await rotated.json()) as { token: string };
    const chat = await sim('widget', '--token', token, '--phone', '+15557770088', 'Hello from the site');
    expect(chat.code).toBe(0);
    const transcript = chat.stdout.trim().split('\n');
    expect(transcript).toContainEqual(
      expect.stringMatching(/^\(texted: Default: \d{6} is your code for our web chat\./),
    );
    expect(transcript).toContain('(chatting as +1555***0088)');
    expect(transcript).toContain('visitor: Hello from the site');
    expect(transcript.at(-1)).toMatch(/^business: /);
    const { rows } = await db.query(`SELECT channel FROM messages WHERE participant = $1 AND direction = 'inbound'`, [
      '+15557770088',
    ]);
    expect(rows).toEqual([{ channel: 'web' }]);
  }, 30_000);

  it('shows the failure paths of the magic numbers', async () => {
    const { stdout } = await sim('text', '+15005550030', 'hi');
    expect(stdout).toMatch(/\[undelivered\]/);
    const unsubscribed = await sim('text', '+15005550004', 'hi', '--wait', '2');
    expect(unsubscribed.stdout).toContain('(no reply');
    await waitFor(async () => {
      const r = await db.query('SELECT "optedOut" FROM contacts WHERE phone = $1', ['+15005550004']);
      return r.rows[0]?.optedOut === true;
    }, 'the 21610 opt-out');
  }, 30_000);

  it('fires status callbacks, and the API rejects one signed with the wrong token', async () => {
    const sid = `SM${randomBytes(16).toString('hex')}`;
    const ok = await sim('status', sid, 'delivered');
    expect(ok.stdout).toContain('HTTP 200');
    const forged = await runSim(['status', sid, 'failed'], { ...env, TWILIO_AUTH_TOKEN: 'not-the-sandbox-token' }, cwd);
    expect(forged.stdout).toContain('HTTP 403');
    expect(forged.code).not.toBe(0);
    const r = await db.query('SELECT status FROM messages WHERE sid = $1', [sid]);
    expect(r.rows[0].status).toBe('delivered');
  }, 30_000);

  it('calls back this app only (a StatusCallback elsewhere is refused with 21609), and keeps list, fetch, redact and delete for sim', async () => {
    let hits = 0;
    const other = createServer((_req, res) => {
      hits++;
      res.end();
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const messages = `http://127.0.0.1:${env.PORT}/sandbox/2010-04-01/Accounts/${SANDBOX_ACCOUNT_SID}/Messages`;
      const authorization = `Basic ${Buffer.from(`${SANDBOX_ACCOUNT_SID}:${SANDBOX_AUTH_TOKEN}`).toString('base64')}`;
      const call = (method: string, path: string, form?: Record<string, string>) =>
        fetch(`${messages}${path}`, {
          method,
          headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
          body: form ? new URLSearchParams(form).toString() : undefined,
        });
      const send = (statusCallback: string) =>
        call('POST', '.json', {
          To: '+15557770001',
          From: '+15005550006',
          Body: 'ping',
          StatusCallback: statusCallback,
        });

      const refused = await send(`http://127.0.0.1:${(other.address() as AddressInfo).port}/x`);
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ code: 21609, status: 400 });

      const own = await send(`http://127.0.0.1:${env.PORT}/twilio/status`);
      expect(own.status).toBe(201);
      const { sid } = (await own.json()) as { sid: string };
      expect((await call('GET', `/${sid}.json`)).status).toBe(200);
      const listed = (await (await call('GET', '.json?To=%2B15557770001')).json()) as {
        messages: Array<{ sid: string }>;
      };
      expect(listed.messages.map((m) => m.sid)).toEqual([sid]);
      expect(await (await call('POST', `/${sid}.json`, { Body: '' })).json()).toMatchObject({ sid, body: '' });
      expect((await call('DELETE', `/${sid}.json`)).status).toBe(204);
      expect((await call('GET', `/${sid}.json`)).status).toBe(404);

      await sleep(500); // the sandbox's callbacks come 100, 200 and 300 ms after a create
      expect(hits).toBe(0);
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  }, 30_000);

  it('measures a burst', async () => {
    const { code, stdout } = await sim('burst', '20', '--concurrency', '5');
    expect(code).toBe(0);
    const summary = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(summary).toMatchObject({ messages: 20, replied: 20, webhookErrors: 0 });
    expect(summary.webhookMs.count).toBe(20);
  }, 60_000);

  it('logs each step of a Multi-SMS batch by its id, with counts and no numbers, so grep follows it', async () => {
    const res = await admin('/api/multi-sms/batches', {
      method: 'POST',
      body: JSON.stringify({ body: 'Batch hello', recipients: '+15557770201, +15557770202, +15557770202, nope' }),
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    await waitFor(() => app.output().includes(`Multi-SMS batch ${id} completed`), 'the batch completed in the log');
    const lines = app
      .output()
      .split('\n')
      .filter((line) => line.includes(id) && line.includes('Multi-SMS batch'))
      .map((line) => (JSON.parse(line) as { msg: string }).msg);
    expect(lines[0]).toMatch(
      new RegExp(
        `^Multi-SMS batch ${id} created \\(business [0-9a-f-]{36}, draft\\): 4 recipients: 2 pending, 1 invalid, 1 skipped duplicate$`,
      ),
    );
    expect(lines[1]).toMatch(
      new RegExp(`^Multi-SMS batch ${id} launched \\(business [0-9a-f-]{36}, running\\): 4 recipients`),
    );
    expect(lines.at(-1)).toMatch(
      new RegExp(
        `^Multi-SMS batch ${id} completed \\(business [0-9a-f-]{36}, completed\\): 4 recipients: .*1 invalid, 1 skipped duplicate`,
      ),
    );
    expect(lines.join('\n')).not.toMatch(/5557770201|Batch hello/);
  }, 30_000);

  it('never logs phone numbers, message bodies or keys', () => {
    const logs = app.output();
    expect(logs).toMatch(/"level":/); // there are logs to check
    expect(logs).toContain('+1500***0004'); // the 21610 refusal is logged, its number masked
    for (const secret of [
      '5551234567',
      '4155550142',
      '5557770000',
      '5005550004',
      '5005550030',
      'what are your hours?',
      'Sale today!',
      'hello?',
      'burst +1',
      'sim-admin-key',
      SANDBOX_AUTH_TOKEN,
    ]) {
      expect({ secret, logged: logs.includes(secret) }).toEqual({ secret, logged: false });
    }
  });

  it('explains an unreachable app in one line', async () => {
    const { code, stderr } = await runSim(['text', NUMBER, 'hi'], { ...env, PORT: String(await freePort()) }, cwd);
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(/^switchboard: the app is not reachable .* is `npm start` running\?$/);
  });
});
