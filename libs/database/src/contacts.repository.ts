import { Injectable } from '@nestjs/common';
import type { Contact } from './generated/prisma/client';
import { PrismaService } from './prisma.service';
import { contactRow, decodeRows } from './rows';

export type OptOutSource = 'keyword' | 'twilio_21610' | 'api';

/** What an operator may say of a contact: its zone and the small CRM's fields (null clears one). */
export type ContactDetails = Partial<Pick<Contact, 'timezone' | 'name' | 'email' | 'address' | 'notes' | 'tags'>>;

@Injectable()
export class ContactsRepository {
  constructor(private readonly prisma: PrismaService) {}

  findByPhone(businessId: string, phone: string): Promise<Contact | null> {
    return this.prisma.contact.findUnique({ where: { businessId_phone: { businessId, phone } } });
  }

  /** The business's contact for this number, created when it is new (a booking made before any text). */
  async ensure(businessId: string, phone: string): Promise<Contact> {
    await this.prisma.$executeRaw`
      INSERT INTO contacts ("businessId", phone) VALUES (${businessId}::uuid, ${phone})
      ON CONFLICT ("businessId", phone) DO NOTHING`;
    return this.prisma.contact.findUniqueOrThrow({ where: { businessId_phone: { businessId, phone } } });
  }

  /** The contact who sent a message, found from the message's id (read beside the message). */
  async findSenderOf(messageId: string): Promise<Contact | null> {
    const [contact] = decodeRows(
      contactRow,
      await this.prisma.$queryRaw`
        SELECT c.* FROM messages m JOIN contacts c ON c."businessId" = m."businessId" AND c.phone = m."from"
        WHERE m.id = ${messageId}::uuid`,
    );
    return contact ?? null;
  }

  setOptedOut(businessId: string, phone: string, optedOut: boolean, source: OptOutSource): Promise<Contact> {
    const change = optOutChange(optedOut, source);
    return this.prisma.contact.upsert({
      where: { businessId_phone: { businessId, phone } },
      create: { businessId, phone, ...change },
      update: change,
    });
  }

  /** Newest first; optionally only opted-out (or only subscribed) contacts. */
  list(businessId: string, filter: { optedOut?: boolean }, limit: number, offset: number): Promise<Contact[]> {
    return this.prisma.contact.findMany({
      where: filter.optedOut === undefined ? { businessId } : { businessId, optedOut: filter.optedOut },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
      skip: offset,
    });
  }

  /**
   * An operator's edit, creating the contact if it is new (a time zone can be set before
   * the first text). An opt-out change is stamped only when it changes something, so
   * saying "opted out" twice keeps the first time and source.
   */
  async edit(businessId: string, phone: string, patch: ContactDetails & { optedOut?: boolean }): Promise<Contact> {
    return this.prisma.$transaction(async (tx) => {
      // Insert-if-absent then lock: concurrent edits of a new number neither collide nor interleave.
      await tx.$executeRaw`
        INSERT INTO contacts ("businessId", phone) VALUES (${businessId}::uuid, ${phone})
        ON CONFLICT ("businessId", phone) DO NOTHING`;
      const [current] = decodeRows(
        contactRow,
        await tx.$queryRaw`SELECT * FROM contacts WHERE "businessId" = ${businessId}::uuid AND phone = ${phone} FOR UPDATE`,
      );
      const { optedOut: _optedOut, ...details } = patch;
      const data = {
        ...details,
        ...(patch.optedOut !== undefined && patch.optedOut !== current.optedOut
          ? optOutChange(patch.optedOut, 'api')
          : {}),
      };
      return tx.contact.update({ where: { businessId_phone: { businessId, phone } }, data });
    });
  }
}

function optOutChange(optedOut: boolean, source: OptOutSource) {
  const now = new Date();
  return optedOut
    ? { optedOut: true, optedOutAt: now, optOutSource: source }
    : { optedOut: false, optedInAt: now, optOutSource: null };
}
