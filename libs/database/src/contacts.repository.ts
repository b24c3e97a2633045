import { Injectable } from '@nestjs/common';
import { PrismaService } from './prisma.service';
import type { Contact } from './generated/prisma/client';

export type OptOutSource = 'keyword' | 'twilio_21610' | 'api';

@Injectable()
export class ContactsRepository {
  constructor(private readonly prisma: PrismaService) {}

  findByPhone(phone: string): Promise<Contact | null> {
    return this.prisma.contact.findUnique({ where: { phone } });
  }

  /** The contact who sent a message, found from the message's id (read beside the message). */
  async findSenderOf(messageId: string): Promise<Contact | null> {
    const rows = await this.prisma.$queryRaw<Contact[]>`
      SELECT c.* FROM messages m JOIN contacts c ON c.phone = m."from" WHERE m.id = ${messageId}::uuid`;
    return rows[0] ?? null;
  }

  async isOptedOut(phone: string): Promise<boolean> {
    const contact = await this.prisma.contact.findUnique({ where: { phone }, select: { optedOut: true } });
    return contact?.optedOut ?? false;
  }

  setOptedOut(phone: string, optedOut: boolean, source: OptOutSource): Promise<Contact> {
    const now = new Date();
    const change = optedOut
      ? { optedOut: true, optedOutAt: now, optOutSource: source }
      : { optedOut: false, optedInAt: now, optOutSource: null };
    return this.prisma.contact.upsert({ where: { phone }, create: { phone, ...change }, update: change });
  }
}
