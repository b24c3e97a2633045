import { Injectable, NotFoundException } from '@nestjs/common';
import { isValidTimezone } from '@app/common';
import { AppConfig } from '@app/config';
import { Contact, ContactDetails, ContactsRepository } from '@app/database';
import { badRequest, requirePhone } from '../bad-request';

/** The people on the other end: who opted out (and how), and each one's time zone for quiet hours. */
@Injectable()
export class ContactsService {
  constructor(
    private readonly config: AppConfig,
    private readonly contacts: ContactsRepository,
  ) {}

  list(businessId: string, filter: { optedOut?: boolean }, limit: number, offset: number): Promise<Contact[]> {
    return this.contacts.list(businessId, filter, limit, offset);
  }

  async get(businessId: string, rawPhone: string): Promise<Contact> {
    const phone = this.phone(rawPhone);
    const contact = await this.contacts.findByPhone(businessId, phone);
    if (!contact) throw new NotFoundException(`No contact ${phone}`);
    return contact;
  }

  /** Sets a time zone or the CRM fields, or opts out / back in by hand; creates the contact if it is new. */
  update(businessId: string, rawPhone: string, patch: ContactDetails & { optedOut?: boolean }): Promise<Contact> {
    const phone = this.phone(rawPhone);
    if (patch.timezone != null && !isValidTimezone(patch.timezone)) {
      throw badRequest('timezone must be an IANA time zone like America/Chicago');
    }
    return this.contacts.edit(businessId, phone, patch);
  }

  private phone(raw: string): string {
    return requirePhone('phone', raw, this.config.defaultCountry);
  }
}
