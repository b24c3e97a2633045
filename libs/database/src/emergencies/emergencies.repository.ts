import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { OutboxEntry } from '@app/common';
import type { OutboundMessageInput } from '../messages/message-inputs';
import { MessageSendingRepository } from '../messages/message-sending.repository';
import type { MessageStatus } from '../messages/message-status';
import { BusinessRoutes } from '../businesses/business-routes';
import { PrismaService } from '../prisma.service';

/** What raising an emergency needs to know of its business. */
export interface EmergencySettings {
  name: string;
  /** E.164; null: no one to alert. */
  ownerPhone: string | null;
  /** Empty: the default list. */
  emergencyKeywords: string[];
  /** Null: the default safety line. */
  safetyLine: string | null;
}

/** The owner's alert, built once the appointment it can name is known (inside the recording transaction). */
export type OwnerAlert = { message: OutboundMessageInput & { id: string }; job: OutboxEntry } | null;

export interface NewEmergency {
  businessId: string;
  customerPhone: string;
  inboundMessageId: string;
  summary: string;
  /** Appointments ending after this are still the customer's upcoming (or current) ones. */
  now: Date;
  /** An owner alert for this customer stored since then covers this emergency too: no second text. */
  alertedSince: Date;
}

/** An emergency as recorded: `created` false when an earlier call (a retry, another worker) recorded it. */
export interface RecordedEmergency {
  id: string;
  created: boolean;
  appointment: { id: string; startsAt: Date } | null;
  ownerMessageId: string | null;
  /** The alert this call stored, to enqueue after the commit; null when none was (or `created` is false). */
  alert: OwnerAlert;
}

/** One emergency as an operator sees it. */
export interface EmergencyView {
  id: string;
  inboundMessageId: string;
  summary: string;
  contact: { phone: string; name: string | null };
  appointment: { id: string; startsAt: Date } | null;
  ownerMessage: { id: string; status: MessageStatus | null } | null;
  createdAt: Date;
}

export interface EmergencyFilter {
  businessId: string;
  /** Raised at or after. */
  from?: Date;
  /** Raised before. */
  to?: Date;
}

/**
 * Emergencies: a customer's text flagged as one, the appointment it marked, and the owner's alert.
 * Recorded once per inbound message (the unique inboundMessageId), in the transaction that marks
 * the appointment and stores the alert with its send job: a retried job, or a second worker,
 * finds the row and alerts no one again.
 */
@Injectable()
export class EmergenciesRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sending: MessageSendingRepository,
    private readonly routes: BusinessRoutes,
  ) {}

  /**
   * Null for a business that is gone. From the in-process business snapshot: every text to a
   * business that books by text is checked, and this costs it no database round trip.
   */
  async settings(businessId: string): Promise<EmergencySettings | null> {
    const route = await this.routes.byId(businessId);
    if (!route) return null;
    const { name, ownerPhone, emergencyKeywords, safetyLine } = route;
    return { name, ownerPhone, emergencyKeywords, safetyLine };
  }

  /**
   * Records the emergency for the inbound message unless it is recorded already. In one
   * transaction: the customer's next booked appointment that has not ended is found and marked
   * isEmergency, the row is claimed (ON CONFLICT on inboundMessageId: a concurrent second caller
   * waits for the first to commit, then inserts nothing), and the alert `alertFor` builds is stored
   * with its outbox row. Nothing of it is kept if any part fails, so the caller's retry starts over.
   */
  async record(input: NewEmergency, alertFor: (appointment: { startsAt: Date } | null) => OwnerAlert) {
    return this.prisma.$transaction(async (tx): Promise<RecordedEmergency> => {
      await tx.contact.createMany({
        data: [{ businessId: input.businessId, phone: input.customerPhone }],
        skipDuplicates: true,
      });
      // Held to the commit: two texts of one customer at once see each other's alert, not neither.
      const [contact] = await tx.$queryRaw<Array<{ id: string }>>`
        SELECT id::text FROM contacts
        WHERE "businessId" = ${input.businessId}::uuid AND phone = ${input.customerPhone}
        FOR UPDATE`;
      const covered = await tx.emergency.findFirst({
        where: {
          businessId: input.businessId,
          contactId: contact.id,
          ownerMessageId: { not: null },
          createdAt: { gte: input.alertedSince },
        },
        orderBy: { createdAt: 'desc' },
        select: { ownerMessageId: true },
      });
      const appointment = await tx.appointment.findFirst({
        where: { businessId: input.businessId, contactId: contact.id, status: 'booked', endsAt: { gt: input.now } },
        orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
        select: { id: true, startsAt: true },
      });
      // A panicked customer's third text in five minutes is recorded, but the owner already knows.
      const alert = covered ? null : alertFor(appointment);
      const ownerMessageId = alert?.message.id ?? covered?.ownerMessageId ?? null;
      const id = randomUUID();
      const { count } = await tx.emergency.createMany({
        data: [
          {
            id,
            businessId: input.businessId,
            contactId: contact.id,
            inboundMessageId: input.inboundMessageId,
            summary: input.summary,
            appointmentId: appointment?.id ?? null,
            ownerMessageId,
            // The service's clock, as alertedSince is: the cooldown is measured on one clock.
            createdAt: input.now,
          },
        ],
        skipDuplicates: true,
      });
      if (count === 0) {
        const existing = await tx.emergency.findUniqueOrThrow({
          where: { inboundMessageId: input.inboundMessageId },
          include: { appointment: { select: { id: true, startsAt: true } } },
        });
        return {
          id: existing.id,
          created: false,
          appointment: existing.appointment,
          ownerMessageId: existing.ownerMessageId,
          alert: null,
        };
      }
      if (appointment)
        await tx.appointment.updateMany({
          where: { id: appointment.id, businessId: input.businessId },
          data: { isEmergency: true },
        });
      if (alert) await this.sending.createOutboundIn(tx, alert.message, alert.job);
      return { id, created: true, appointment, ownerMessageId, alert };
    });
  }

  /** The business's emergencies, newest first, with the state of each owner alert. */
  async list(filter: EmergencyFilter, limit: number, offset: number): Promise<EmergencyView[]> {
    const rows = await this.prisma.emergency.findMany({
      where: { businessId: filter.businessId, createdAt: { gte: filter.from, lt: filter.to } },
      include: {
        contact: { select: { phone: true, name: true } },
        appointment: { select: { id: true, startsAt: true } },
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
      skip: offset,
    });
    const alertIds = rows.flatMap((r) => (r.ownerMessageId ? [r.ownerMessageId] : []));
    const alerts = alertIds.length
      ? await this.prisma.message.findMany({
          where: { id: { in: alertIds }, businessId: filter.businessId },
          select: { id: true, status: true },
        })
      : [];
    const statusOf = new Map(alerts.map((m) => [m.id, m.status]));
    return rows.map((r) => ({
      id: r.id,
      inboundMessageId: r.inboundMessageId,
      summary: r.summary,
      contact: r.contact,
      appointment: r.appointment,
      // A deleted alert message leaves its id with no status.
      ownerMessage: r.ownerMessageId ? { id: r.ownerMessageId, status: statusOf.get(r.ownerMessageId) ?? null } : null,
      createdAt: r.createdAt,
    }));
  }
}
