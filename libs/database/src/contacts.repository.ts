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
