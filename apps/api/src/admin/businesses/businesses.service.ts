import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import {
  Clock,
  DEFAULT_BUSINESS_ID,
  DEFAULT_BUSINESS_SLUG,
  isValidTimezone,
  newApiKey,
  newWidgetToken,
  normalizePhone,
  SecretBox,
} from '@app/common';
import { AppConfig, parseGoogleServiceAccount } from '@app/config';
import {
  ApiKeyInfo,
  ApiKeysRepository,
  BusinessConflictError,
  BusinessData,
  BusinessesRepository,
  BusinessDirectory,
  BusinessRoutes,
  BusinessWithNumbers,
  NumberAddress,
  UsageDay,
} from '@app/database';
import { countSegments, emergencyWords } from '@app/messaging';
import { badRequest, notAPhone, requirePhone } from '../bad-request';
import type { QuietHoursDto } from '../campaigns/quiet-hours.dto';
import { widgetOrigins } from './widget-origins';
import type { BusinessNumberDto, CreateBusinessDto, UpdateBusinessDto } from './businesses.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WHATSAPP = /^\s*whatsapp:/i;
const NO_SECRETS_KEY =
  'SECRETS_KEY is not set (32 random bytes in base64 that seal stored secrets; make one with: openssl rand -base64 32)';

/** One day of usage with its SMS segments counted. */
export type UsageCounts = Omit<UsageDay, 'texts'> & { segments: number };

export interface BusinessUsage {
  business: BusinessWithNumbers;
  timezone: string;
  days: UsageCounts[];
}

/** The platform's view of the businesses it serves: their settings, numbers, status, usage and API keys. */
@Injectable()
export class BusinessesService {
  constructor(
    private readonly config: AppConfig,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
    private readonly businesses: BusinessesRepository,
    private readonly apiKeys: ApiKeysRepository,
    private readonly routes: BusinessRoutes,
    private readonly directory: BusinessDirectory,
  ) {}

  /** A change to a business's numbers, account or status is what webhooks and sends on this instance see next. */
  private async changing<T>(write: Promise<T>): Promise<T> {
    try {
      return await write;
    } finally {
      this.routes.invalidate();
      this.directory.clear();
    }
  }

  /** A business with its numbers in one go; every field problem is reported at once, then any conflict. */
  async create(dto: CreateBusinessDto): Promise<BusinessWithNumbers> {
    const problems: string[] = [];
    const data: BusinessData = {
      name: dto.name,
      slug: dto.slug,
      timezone: this.timezone(dto.timezone, problems) ?? null,
      ownerPhone: this.phone('ownerPhone', dto.ownerPhone, problems) ?? null,
      ownerSummaryTime: dto.ownerSummaryTime ?? null,
      reminderHours: dto.reminderHours,
      bookingEnabled: dto.bookingEnabled,
      longReplies: dto.longReplies,
      emergencyKeywords: this.emergencyKeywords(dto.emergencyKeywords, problems),
      safetyLine: dto.safetyLine ?? null,
      voiceGreeting: dto.voiceGreeting ?? null,
      widgetAllowedOrigins: widgetOrigins(dto.widgetAllowedOrigins ?? [], problems),
      ...this.quietHours(dto.quietHours, problems),
      ...this.twilio(dto.twilio, problems),
      messagingServiceSid: dto.messagingServiceSid ?? null,
    };
    const numbers = this.numbers(dto.numbers ?? [], problems);
    if (problems.length) throw badRequest(...problems);
    try {
      return await this.changing(
        this.businesses.create(
          data,
          numbers.map((n) => n.number),
        ),
      );
    } catch (error) {
      if (!(error instanceof BusinessConflictError)) throw error;
      const at = numbers.find((n) => sameNumber(n.number, error.number))?.field ?? 'numbers';
      throw this.conflict(error, data.slug, at);
    }
  }

  list(limit: number, offset: number): Promise<BusinessWithNumbers[]> {
    return this.businesses.list(limit, offset);
  }

  /** By id or slug; 404 for neither. */
  async get(idOrSlug: string): Promise<BusinessWithNumbers> {
    const business = await this.businesses.findByIdOrSlug(idOrSlug);
    if (!business) throw new NotFoundException(`No business ${idOrSlug}`);
    return business;
  }

  async update(idOrSlug: string, dto: UpdateBusinessDto): Promise<BusinessWithNumbers> {
    const business = await this.get(idOrSlug);
    const problems: string[] = [];
    const patch: Partial<BusinessData> = {};
    if (dto.name !== undefined) patch.name = dto.name;
    if (dto.slug !== undefined && dto.slug !== business.slug) {
      if (business.id === DEFAULT_BUSINESS_ID)
        problems.push(`slug of the default business cannot be changed (it stays ${DEFAULT_BUSINESS_SLUG})`);
      else patch.slug = dto.slug;
    }
    if (dto.timezone !== undefined) patch.timezone = this.timezone(dto.timezone ?? undefined, problems) ?? null;
    if (dto.ownerPhone !== undefined)
      patch.ownerPhone = this.phone('ownerPhone', dto.ownerPhone ?? undefined, problems) ?? null;
    if (dto.ownerSummaryTime !== undefined) patch.ownerSummaryTime = dto.ownerSummaryTime;
    if (dto.reminderHours !== undefined) patch.reminderHours = dto.reminderHours;
    if (dto.bookingEnabled !== undefined) patch.bookingEnabled = dto.bookingEnabled;
    if (dto.longReplies !== undefined) patch.longReplies = dto.longReplies;
    if (dto.emergencyKeywords !== undefined)
      patch.emergencyKeywords = this.emergencyKeywords(dto.emergencyKeywords ?? undefined, problems);
    if (dto.safetyLine !== undefined) patch.safetyLine = dto.safetyLine;
    if (dto.voiceGreeting !== undefined) patch.voiceGreeting = dto.voiceGreeting;
    if (dto.widgetAllowedOrigins !== undefined)
      patch.widgetAllowedOrigins = widgetOrigins(dto.widgetAllowedOrigins ?? [], problems);
    if (dto.quietHours !== undefined) Object.assign(patch, this.quietHours(dto.quietHours ?? undefined, problems));
    if (dto.twilio !== undefined) Object.assign(patch, this.twilio(dto.twilio ?? undefined, problems));
    if (dto.messagingServiceSid !== undefined) patch.messagingServiceSid = dto.messagingServiceSid;
    if (dto.calendarId !== undefined) patch.calendarId = dto.calendarId;
    if (dto.googleServiceAccount !== undefined)
      Object.assign(patch, this.googleKey(dto.googleServiceAccount, problems));
    if (problems.length) throw badRequest(...problems);
    try {
      return await this.changing(this.businesses.update(business.id, patch));
    } catch (error) {
      if (error instanceof BusinessConflictError) throw this.conflict(error, patch.slug ?? business.slug, 'numbers');
      throw error;
    }
  }

  /** Gives the business a number: `added` false when it had it already (nothing changed). 409 when another business has it. */
  async addNumber(
    idOrSlug: string,
    dto: BusinessNumberDto,
  ): Promise<{ business: BusinessWithNumbers; added: boolean }> {
    const business = await this.get(idOrSlug);
    const problems: string[] = [];
    const [number] = this.numbers([dto], problems, () => '');
    if (problems.length) throw badRequest(...problems);
    const outcome = await this.changing(this.businesses.addNumber(business.id, number.number));
    if (outcome === 'taken')
      throw new ConflictException(`address ${describe(number.number)} belongs to another business`);
    return { business: await this.get(business.id), added: outcome === 'added' };
  }

  /** `address` as in the URL: E.164 or national, with `whatsapp:` for a WhatsApp sender. 404 when it is not the business's. */
  async removeNumber(idOrSlug: string, address: string): Promise<void> {
    const business = await this.get(idOrSlug);
    const number: NumberAddress = {
      channel: WHATSAPP.test(address) ? 'whatsapp' : 'sms',
      address: requirePhone('address', address, this.config.defaultCountry),
    };
    if (!(await this.changing(this.businesses.removeNumber(business.id, number))))
      throw new NotFoundException(`${describe(number)} is not a number of business ${idOrSlug}`);
  }

  /** Idempotent; the default business cannot be suspended (409). */
  async suspend(idOrSlug: string): Promise<BusinessWithNumbers> {
    const business = await this.get(idOrSlug);
    if (business.id === DEFAULT_BUSINESS_ID)
      throw new ConflictException('The default business cannot be suspended: it serves the deployment itself');
    return business.status === 'suspended'
      ? business
      : this.changing(this.businesses.setStatus(business.id, 'suspended'));
  }

  /** Idempotent. */
  async resume(idOrSlug: string): Promise<BusinessWithNumbers> {
    const business = await this.get(idOrSlug);
    return business.status === 'active' ? business : this.changing(this.businesses.setStatus(business.id, 'active'));
  }

  /** Per day in the business's zone (else DEFAULT_TIMEZONE), today included; SMS segments by Twilio's own calculator. */
  async usage(idOrSlug: string, days: number): Promise<BusinessUsage> {
    const business = await this.get(idOrSlug);
    const timezone = business.timezone ?? this.config.campaigns.defaultTimezone;
    const usage = await this.businesses.usage(business.id, days, timezone, this.clock.now());
    const byLength = new Map<number, number>();
    // A plain text's segments follow from its length (PLAIN_GSM_TEXT): any text of that length counts alike.
    const segmentsOf = (text: { body: string | null; length: number }) => {
      if (text.body !== null) return countSegments(text.body).segments;
      let segments = byLength.get(text.length);
      if (segments === undefined)
        byLength.set(text.length, (segments = countSegments('a'.repeat(text.length)).segments));
      return segments;
    };
    return {
      business,
      timezone,
      days: usage.map(({ texts, ...day }) => ({
        ...day,
        segments: texts.reduce((sum, text) => sum + text.count * segmentsOf(text), 0),
      })),
    };
  }

  /** A new key for the business: the key is in this answer only, its SHA-256 is what is stored. */
  async createApiKey(idOrSlug: string, name: string): Promise<{ info: ApiKeyInfo; key: string }> {
    const business = await this.get(idOrSlug);
    const { key, prefix, hash } = newApiKey();
    return { info: await this.apiKeys.create(business.id, name, prefix, hash), key };
  }

  /**
   * A new web chat widget token for the business, in this answer only (its SHA-256 is stored); the
   * old one opens nothing from now on here, and within the lookup cache's 5 s on other instances.
   */
  async rotateWidgetToken(idOrSlug: string): Promise<{ business: BusinessWithNumbers; token: string }> {
    const business = await this.get(idOrSlug);
    const { token, hash } = newWidgetToken();
    return { business: await this.changing(this.businesses.setWidgetTokenHash(business.id, hash)), token };
  }

  async listApiKeys(idOrSlug: string): Promise<ApiKeyInfo[]> {
    return this.apiKeys.list((await this.get(idOrSlug)).id);
  }

  /** Revokes one of the business's keys (again is fine); another business's key, or none, is a 404. */
  async revokeApiKey(idOrSlug: string, keyId: string): Promise<void> {
    const business = await this.get(idOrSlug);
    if (!UUID.test(keyId) || !(await this.changing(this.apiKeys.revoke(business.id, keyId))))
      throw new NotFoundException(`No API key ${keyId} for business ${idOrSlug}`);
  }

  private timezone(zone: string | undefined, problems: string[]): string | undefined {
    if (zone !== undefined && !isValidTimezone(zone)) {
      problems.push('timezone must be an IANA time zone like America/Chicago');
      return undefined;
    }
    return zone;
  }

  private phone(field: string, value: string | undefined, problems: string[]): string | undefined {
    if (value === undefined) return undefined;
    const phone = normalizePhone(value, this.config.defaultCountry);
    if (!phone) problems.push(notAPhone(field, this.config.defaultCountry));
    return phone ?? undefined;
  }

  /**
   * Keywords as stored: trimmed, each once (compared as the matcher reads them, so "Burst Pipe" and
   * "burst-pipe" are one). One without a letter or digit could never match: a 400 naming it.
   */
  private emergencyKeywords(given: string[] | undefined, problems: string[]): string[] {
    const kept: string[] = [];
    const seen = new Set<string>();
    (given ?? []).forEach((keyword, i) => {
      const words = emergencyWords(keyword);
      if (!words) problems.push(`emergencyKeywords.${i} must contain a letter or digit`);
      else if (!seen.has(words)) {
        seen.add(words);
        kept.push(keyword.trim());
      }
    });
    return kept;
  }

  /** A business's quiet hours are in its own timezone: the campaigns' `quietHours.timezone` is not taken here. */
  private quietHours(
    quietHours: QuietHoursDto | undefined,
    problems: string[],
  ): Pick<BusinessData, 'quietStart' | 'quietEnd'> {
    if (!quietHours) return { quietStart: null, quietEnd: null };
    if (quietHours.start === quietHours.end) problems.push('quietHours.end must differ from quietHours.start');
    if (quietHours.timezone !== undefined)
      problems.push('quietHours.timezone is not taken for a business: its quiet hours are in its timezone');
    return { quietStart: quietHours.start, quietEnd: quietHours.end };
  }

  private twilio(
    twilio: { accountSid: string; authToken: string } | undefined,
    problems: string[],
  ): Pick<BusinessData, 'twilioAccountSid' | 'twilioAuthToken'> {
    if (!twilio) return { twilioAccountSid: null, twilioAuthToken: null };
    if (!this.secrets.canSeal) problems.push(`twilio.authToken cannot be stored: ${NO_SECRETS_KEY}`);
    return { twilioAccountSid: twilio.accountSid, twilioAuthToken: twilio.authToken };
  }

  /** Only what the JWT flow needs is kept (sealed): the key file's other fields are not. */
  private googleKey(
    text: string | null,
    problems: string[],
  ): Pick<BusinessData, 'googleServiceAccount' | 'googleServiceAccountEmail'> {
    if (text === null) return { googleServiceAccount: null, googleServiceAccountEmail: null };
    const key = parseGoogleServiceAccount(text);
    if ('problem' in key) {
      problems.push(`googleServiceAccount ${key.problem}`);
      return {};
    }
    if (!this.secrets.canSeal) problems.push(`googleServiceAccount cannot be stored: ${NO_SECRETS_KEY}`);
    const { client_email, private_key, token_uri } = key;
    return {
      googleServiceAccount: JSON.stringify({ client_email, private_key, token_uri }),
      googleServiceAccountEmail: client_email,
    };
  }

  /**
   * Numbers as stored: E.164 without `whatsapp:`, the channel given or read from the prefix, each
   * once (a repeat is dropped), with the field each came from for the messages.
   */
  private numbers(
    given: BusinessNumberDto[],
    problems: string[],
    fieldOf: (i: number) => string = (i) => `numbers.${i}.`,
  ): Array<{ number: NumberAddress; field: string }> {
    const numbers: Array<{ number: NumberAddress; field: string }> = [];
    given.forEach((dto, i) => {
      const field = `${fieldOf(i)}address`;
      const prefixed = WHATSAPP.test(dto.address);
      if (prefixed && dto.channel === 'sms') {
        problems.push(`${fieldOf(i)}channel is sms but ${field} is a whatsapp: address`);
        return;
      }
      const address = this.phone(field, dto.address, problems);
      if (!address) return;
      const number: NumberAddress = { channel: dto.channel ?? (prefixed ? 'whatsapp' : 'sms'), address };
      if (!numbers.some((n) => sameNumber(n.number, number))) numbers.push({ number, field });
    });
    return numbers;
  }

  /** A 409 that names the field and what collided, never which business has it. */
  private conflict(error: BusinessConflictError, slug: string, numberField: string): ConflictException {
    switch (error.field) {
      case 'slug':
        return new ConflictException(`slug ${slug} is taken: another business has it`);
      case 'twilioAccountSid':
        return new ConflictException('twilio.accountSid is the Twilio subaccount of another business');
      case 'number':
        return new ConflictException(`${numberField} ${describe(error.number!)} belongs to another business`);
    }
  }
}

const sameNumber = (a: NumberAddress, b: NumberAddress | undefined) =>
  b !== undefined && a.channel === b.channel && a.address === b.address;

/** `+15550002222` or `whatsapp:+15550002222`, as Twilio writes addresses. */
const describe = (n: NumberAddress) => (n.channel === 'whatsapp' ? `whatsapp:${n.address}` : n.address);
