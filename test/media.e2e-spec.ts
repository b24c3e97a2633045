import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { BUSINESS_NUMBER, Harness, inboundForm, PUBLIC_BASE_URL, waitFor } from './support';

/**
 * Media both ways: sends carry mediaUrls to Twilio as MediaUrl; inbound media (Twilio's MediaUrlN)
 * are served to operators by GET /api/messages/:sid/media/:n, fetched from the fake Twilio with the
 * business's account, as Twilio serves them (Basic auth, then a redirect to a CDN); and the AI is
 * told what was attached.
 */
describe('Media', () => {
  const CUSTOMER = '+15557654321';
  const MAX_BYTES = 1_000;
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start({ env: { MEDIA_MAX_BYTES: String(MAX_BYTES), MEDIA_TIMEOUT_MS: '1500' } });
  });
  afterAll(() => h.close());
  beforeEach(() => h.truncate());

  const messagesPosted = () =>
    h.twilio.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/Messages.json'));

  describe('POST /api/messages with mediaUrls', () => {
    const urls = ['https://example.com/menu.jpg', 'https://cdn.example.org/a/b/price-list.pdf?v=2'];

    it('stores them and sends them to Twilio as MediaUrl', async () => {
      const res = await h.admin('POST', '/api/messages', { to: CUSTOMER, body: 'Our menu', mediaUrls: urls });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ body: 'Our menu', mediaUrls: urls, numMedia: 2 });
      await waitFor(() => h.twilio.sent.length >= 1, 'the send at Twilio');
      expect(h.twilio.sent[0]).toMatchObject({ to: CUSTOMER, body: 'Our menu', mediaUrls: urls });
      expect(messagesPosted()[0].params.MediaUrl).toEqual(urls);
      const stored = await h.prisma.message.findUniqueOrThrow({ where: { id: res.json().id } });
      expect(stored).toMatchObject({ mediaUrls: urls, numMedia: 2 });
    });

    it('sends media without text as MMS, with no Body at all', async () => {
      const res = await h.admin('POST', '/api/messages', { to: CUSTOMER, mediaUrls: [urls[0]] });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ body: '', mediaUrls: [urls[0]] });
      await waitFor(() => h.twilio.sent.length >= 1, 'the send at Twilio');
      expect(h.twilio.sent[0]).toMatchObject({ body: '', mediaUrls: [urls[0]] });
      expect(messagesPosted()[0].params).not.toHaveProperty('Body');
    });

    it('sends media on WhatsApp, inside the 24-hour window', async () => {
      await h.inbound(`whatsapp:${CUSTOMER}`, 'hi', { To: `whatsapp:${BUSINESS_NUMBER}` });
      await waitFor(() => h.twilio.sent.length >= 1, 'the bot’s answer');
      await h.settle();
      const res = await h.admin('POST', '/api/messages', {
        to: CUSTOMER,
        channel: 'whatsapp',
        body: '',
        mediaUrls: urls,
      });
      expect(res.statusCode).toBe(201);
      await waitFor(() => h.twilio.sent.length >= 2, 'the WhatsApp send at Twilio');
      expect(h.twilio.sent[1]).toMatchObject({ to: `whatsapp:${CUSTOMER}`, mediaUrls: urls, errorCode: null });
    });

    it.each([
      [
        'eleven URLs',
        { body: 'x', mediaUrls: Array.from({ length: 11 }, (_, i) => `https://example.com/${i}.jpg`) },
        "mediaUrls must have at most 10 URLs (Twilio's limit)",
      ],
      [
        'http outside sandbox mode',
        { body: 'x', mediaUrls: [urls[0], 'http://example.com/menu.jpg'] },
        'mediaUrls.1 must be https (http is accepted in sandbox mode only)',
      ],
      ['not a URL', { body: 'x', mediaUrls: ['menu.jpg'] }, /^mediaUrls\.0 must be an https URL/],
      ['another scheme', { body: 'x', mediaUrls: [urls[0], 'ftp://example.com/a.jpg'] }, /^mediaUrls\.1 must be/],
      ['a URL too long', { body: 'x', mediaUrls: [`https://example.com/${'a'.repeat(2_100)}`] }, /^mediaUrls\.0 /],
      ['not a list', { body: 'x', mediaUrls: 'https://example.com/a.jpg' }, 'mediaUrls must be an array of URLs'],
      [
        'neither text nor media',
        { mediaUrls: [] },
        'body is required unless a template (contentSid) or mediaUrls is given',
      ],
    ])('refuses %s with a 400 naming the field, storing nothing', async (_what, payload, message) => {
      const res = await h.admin('POST', '/api/messages', { to: CUSTOMER, ...payload });
      expect(res.statusCode).toBe(400);
      const [first] = res.json().message as string[];
      if (typeof message === 'string') expect(first).toBe(message);
      else expect(first).toMatch(message);
      expect(await h.prisma.message.count()).toBe(0);
    });
  });

  describe('GET /api/messages/:sid/media/:n', () => {
    const PNG = randomBytes(600);
    const PDF = randomBytes(300);

    /** An inbound message with these media (MediaUrlN as given), as Twilio posts it; its row. */
    const inboundWith = async (media: Array<[string, string]>, body = '', extra: Record<string, string> = {}) => {
      const fields = Object.fromEntries(
        media.flatMap(([url, type], i) => [
          [`MediaUrl${i}`, url],
          [`MediaContentType${i}`, type],
        ]),
      );
      const form = { NumMedia: String(media.length), ...fields, ...extra };
      const res = await h.inbound(CUSTOMER, body, form);
      expect(res.statusCode).toBe(200);
      return h.prisma.message.findFirstOrThrow({ where: { direction: 'inbound' }, orderBy: { createdAt: 'desc' } });
    };
    const getMedia = (sid: string, n: string | number, key?: string | null, headers?: Record<string, string>) =>
      h.admin('GET', `/api/messages/${sid}/media/${n}`, undefined, key, headers);

    it("returns the file's bytes and content type, fetched with the account's credentials via Twilio's CDN", async () => {
      const message = await inboundWith([
        [h.twilio.addMedia(PDF, 'application/pdf'), 'application/pdf'],
        [h.twilio.addMedia(PNG, 'image/png'), 'image/png'],
      ]);
      const res = await getMedia(message.sid!, 1);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('image/png');
      expect(res.headers['content-length']).toBe(String(PNG.length));
      expect(res.rawPayload.equals(PNG)).toBe(true);
      // Never run as a page from our origin.
      expect(res.headers['content-security-policy']).toContain('sandbox');
      const first = await getMedia(message.id, 0);
      expect(first.statusCode).toBe(200);
      expect(first.headers['content-type']).toBe('application/pdf');
      expect(first.rawPayload.equals(PDF)).toBe(true);
      // The credentials went to Twilio's API only, never to the CDN it redirected to.
      expect(h.twilio.cdnAuthorizations).toEqual([undefined, undefined]);
    });

    it('passes on a file sent without Content-Length (chunked)', async () => {
      const message = await inboundWith([[h.twilio.addMedia(PNG, 'image/jpeg', { chunked: true }), 'image/jpeg']]);
      const res = await getMedia(message.sid!, 0);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('image/jpeg');
      expect(res.rawPayload.equals(PNG)).toBe(true);
    });

    it('needs the admin key (401)', async () => {
      const message = await inboundWith([[h.twilio.addMedia(PNG, 'image/png'), 'image/png']]);
      expect((await getMedia(message.sid!, 0, null)).statusCode).toBe(401);
      expect((await getMedia(message.sid!, 0, 'wrong-key')).statusCode).toBe(401);
      expect(h.twilio.cdnAuthorizations).toHaveLength(0);
    });

    it('404s past the last file, for a message without media, for an outbound message; 400s a bad n', async () => {
      const message = await inboundWith([[h.twilio.addMedia(PNG, 'image/png'), 'image/png']]);
      const past = await getMedia(message.sid!, 1);
      expect(past.statusCode).toBe(404);
      expect(past.json().message).toBe(`Message ${message.sid} has 1 media file, 0 to 0; no media 1`);
      expect((await getMedia(message.sid!, 10)).statusCode).toBe(404);
      const plain = await inboundWith([], 'no media here');
      expect((await getMedia(plain.sid!, 0)).json().message).toMatch(/has no media; no media 0$/);
      const sent = await h.admin('POST', '/api/messages', { to: CUSTOMER, mediaUrls: ['https://example.com/a.jpg'] });
      expect((await getMedia(sent.json().id, 0)).statusCode).toBe(404);
      for (const n of ['-1', 'x', '1.5']) {
        const res = await getMedia(message.sid!, n);
        expect(res.statusCode).toBe(400);
        expect(res.json().message[0]).toMatch(/^n must be a media index/);
      }
      expect(h.twilio.cdnAuthorizations).toHaveLength(0);
    });

    it('404s when Twilio no longer has the file', async () => {
      const gone = `https://api.twilio.com/2010-04-01/Accounts/${h.twilio.accountSid}/Messages/MM${'1'.repeat(32)}/Media/ME${'2'.repeat(32)}`;
      const message = await inboundWith([[gone, 'image/png']]);
      const res = await getMedia(message.sid!, 0);
      expect(res.statusCode).toBe(404);
      expect(res.json().message).toMatch(/Twilio no longer has this media file/);
    });

    it('refuses a file over MEDIA_MAX_BYTES with a 502 saying so, declared or not', async () => {
      const big = randomBytes(MAX_BYTES + 1);
      const message = await inboundWith([
        [h.twilio.addMedia(big, 'video/mp4'), 'video/mp4'],
        [h.twilio.addMedia(big, 'video/mp4', { chunked: true }), 'video/mp4'],
      ]);
      for (const n of [0, 1]) {
        const res = await getMedia(message.sid!, n);
        expect(res.statusCode).toBe(502);
        expect(res.json().message).toMatch(
          new RegExp(`^Media ${n} of message ${message.sid}: .*MEDIA_MAX_BYTES \\(1000\\)`),
        );
      }
      // And the API goes on serving.
      const small = await inboundWith([[h.twilio.addMedia(PNG, 'image/png'), 'image/png']]);
      expect((await getMedia(small.sid!, 0)).statusCode).toBe(200);
    });

    it('gives up on a download that stalls past MEDIA_TIMEOUT_MS (502)', async () => {
      const message = await inboundWith([[h.twilio.addMedia(PNG, 'image/png', { stall: true }), 'image/png']]);
      const started = Date.now();
      const res = await getMedia(message.sid!, 0);
      expect(res.statusCode).toBe(502);
      expect(res.json().message).toMatch(/did not deliver the media file in time/);
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    it("never fetches a URL that is not the account's own media at Twilio's API", async () => {
      const own = h.twilio.addMedia(PNG, 'image/png');
      const otherAccount = h.twilio.addMedia(PNG, 'image/png', { accountSid: `AC${'9'.repeat(32)}` });
      const message = await inboundWith([
        ['https://evil.example/x.png', 'image/png'],
        [own.replace('https://api.twilio.com', 'https://api.twilio.com.evil.example'), 'image/png'],
        [otherAccount, 'image/png'],
        [`${h.twilio.url}/cdn/${'0'.repeat(32)}`, 'image/png'],
        [own.replace('https://', 'http://'), 'image/png'],
      ]);
      const fetches = () => h.twilio.requests.filter((r) => r.method === 'GET').length;
      const before = fetches();
      for (const n of [0, 1, 2, 3, 4]) {
        const res = await getMedia(message.sid!, n);
        expect(res.statusCode).toBe(502);
        expect(res.json().message).toMatch(/not one of the account's media files at Twilio's API/);
        // The URL (with its account SID) is not echoed back.
        expect(res.body).not.toContain('evil');
      }
      expect(fetches()).toBe(before);
      // The same file under the fake's own origin (TWILIO_API_BASE_URL) is the account's: fetched.
      const direct = await inboundWith([[own.replace('https://api.twilio.com', h.twilio.url), 'image/png']]);
      expect((await getMedia(direct.sid!, 0)).rawPayload.equals(PNG)).toBe(true);
    });

    describe("a business's own subaccount", () => {
      const BETA_NUMBER = '+15005550177';
      const SUB = { accountSid: `AC${'5'.repeat(32)}`, authToken: 'beta-subaccount-token-0123456789' };

      beforeEach(async () => {
        h.twilio.addSubaccount(SUB.accountSid, SUB.authToken);
        const created = await h.admin('POST', '/api/businesses', {
          name: 'Beta',
          slug: 'beta',
          numbers: [{ channel: 'sms', address: BETA_NUMBER }],
          twilio: SUB,
        });
        expect(created.statusCode).toBe(201);
      });

      /** A photo texted to Beta's number, signed with its subaccount's token as Twilio signs it; its SID. */
      const betaPhoto = async (contentType: string) => {
        const url = h.twilio.addMedia(PNG, contentType, { accountSid: SUB.accountSid });
        const media = { NumMedia: '1', MediaUrl0: url, MediaContentType0: contentType };
        const form = inboundForm(SUB.accountSid, CUSTOMER, '', { To: BETA_NUMBER, ...media });
        const path = '/twilio/inbound';
        const signature = twilio.getExpectedTwilioSignature(SUB.authToken, `${PUBLIC_BASE_URL}${path}`, form);
        expect((await h.webhook(path, form, signature)).statusCode).toBe(200);
        return form.MessageSid;
      };

      it("is fetched with the subaccount's credentials; to another business the message is not there (404)", async () => {
        const sid = await betaPhoto('image/gif');
        const mine = await getMedia(sid, 0, undefined, { 'x-business-id': 'beta' });
        expect(mine.statusCode).toBe(200);
        expect(mine.headers['content-type']).toBe('image/gif');
        expect(mine.rawPayload.equals(PNG)).toBe(true);
        const theirs = await getMedia(sid, 0);
        expect(theirs.statusCode).toBe(404);
        expect(theirs.json().message).toBe(`No message ${sid}`);
      });

      it("answers 502 when Twilio refuses the account's credentials, and sends them nowhere else", async () => {
        // Twilio now knows the subaccount by another token than the one stored for the business.
        h.twilio.addSubaccount(SUB.accountSid, 'a-rotated-token-the-app-does-not-know');
        const sid = await betaPhoto('image/png');
        const res = await getMedia(sid, 0, undefined, { 'x-business-id': 'beta' });
        expect(res.statusCode).toBe(502);
        expect(res.json().message).toBe(`Media 0 of message ${sid}: Twilio answered 401 for the media file`);
        expect(res.body).not.toContain(SUB.authToken);
        expect(h.twilio.cdnAuthorizations).toHaveLength(0);
      });
    });
  });

  describe('AI replies to media', () => {
    beforeEach(async () => {
      const res = await h.admin('POST', '/api/ai/config', { enabled: true, systemPrompt: 'Front desk.' });
      expect(res.statusCode).toBe(200);
    });

    it('answers a photo without text, telling the model what was attached', async () => {
      const photo = h.twilio.addMedia(randomBytes(10), 'image/jpeg');
      const res = await h.inbound(CUSTOMER, '', { NumMedia: '1', MediaUrl0: photo, MediaContentType0: 'image/jpeg' });
      expect(res.statusCode).toBe(200);
      await waitFor(() => h.twilio.sent.length >= 1, 'the AI answer at Twilio');
      expect(h.openai.requests[0].messages).toEqual([
        { role: 'system', content: 'Front desk.' },
        { role: 'user', content: '[image attached]' },
      ]);
      expect(h.twilio.sent[0]).toMatchObject({ to: CUSTOMER, body: 'AI answer to: [image attached]' });

      // The photo stays in the history of the next message, which carries two more.
      await h.settle();
      const media = { NumMedia: '2', MediaUrl0: photo, MediaContentType0: 'image/png', MediaUrl1: photo };
      await h.inbound(CUSTOMER, 'And these?', { ...media, MediaContentType1: 'image/png' });
      await waitFor(() => h.twilio.sent.length >= 2, 'the second AI answer');
      expect(h.openai.requests[1].messages).toEqual([
        { role: 'system', content: 'Front desk.' },
        { role: 'user', content: '[image attached]' },
        { role: 'assistant', content: 'AI answer to: [image attached]' },
        { role: 'user', content: 'And these? [2 images attached]' },
      ]);
    });
  });
});
