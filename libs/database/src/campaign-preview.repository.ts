import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { Prisma } from './generated/prisma/client';
import { OPTED_OUT, RECIPIENT_CONTACT } from './campaign-recipient-contact';
import { PrismaService } from './prisma.service';
import { decodeRows } from './rows';

/**
 * What the dispatcher will do with a recipient, as the preview counts it:
 * - `send`: texted as soon as its turn comes; `held`: texted when quiet hours end in its zone;
 * - `opted_out`: skipped by the claim (`skipped_opted_out`);
 * - `outside_window`: WhatsApp free text to a contact outside the 24-hour window (`failed`, 63016);
 * - `invalid`, `duplicate`: never sent (stored so at creation);
 * - `processed`: no longer pending (sending, sent or skipped already, or canceled): see the counters.
 */
export const PREVIEW_FATES = [
  'send',
  'held',
  'opted_out',
  'outside_window',
  'invalid',
  'duplicate',
  'processed',
] as const;
export type PreviewFate = (typeof PREVIEW_FATES)[number];

/** The pending recipients whose contacts are in one time zone (null: no zone of their own, or no contact row). */
export interface PendingZone {
  zone: string | null;
  pending: number;
}

/** How the caller judged one zone's pending recipients. */
export interface PreviewZone {
  zone: string | null;
  /** Quiet hours hold these recipients at the moment previewed. */
  held: boolean;
  /**
   * Recipients due at the same moment take their turns at the send rate together, in id order
   * (the order the fan-out queues them): zones of one group share its numbering.
   */
  turnGroup: number;
  /**
   * WhatsApp free text reaches a contact of this zone on its group's first turn if it last wrote
   * after this moment; each later turn moves the moment on by `turnMs` (null: no window applies).
   */
  windowOpensAfter: Date | null;
}

export interface PreviewVerdicts {
  zones: PreviewZone[];
  /** Milliseconds between two turns at the send rate (0: no limit). */
  turnMs: number;
}

const zoneRow = z.object({ zone: z.string().nullable(), pending: z.number().int() });
const fateRow = z.object({
  fate: z.enum(PREVIEW_FATES),
  zone: z.string().nullable(),
  n: z.number().int(),
  sample: z.array(z.string()),
});
export type PreviewFateRow = z.infer<typeof fateRow>;

/** The SQL key of a zone: '' for none (an IANA name is never empty), so the join can hash. */
const zoneKey = (zone: string | null) => zone ?? '';
const utc = (d: Date) => d.toISOString().slice(0, -1);

/**
 * A campaign's recipients counted by fate, aggregated in PostgreSQL: a 60,000-recipient
 * campaign returns a few rows, never its recipients.
 */
@Injectable()
export class CampaignPreviewRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Two statements on one snapshot (repeatable read): the pending recipients counted by their
   * contact's time zone, which `judge` turns into a verdict each (quiet hours, turns at the send
   * rate and the window's edge are the caller's rules), then the recipients counted by fate and
   * zone with those verdicts. Each row holds its first `sampleSize` recipients in text order
   * (phone, or the entry as given when invalid).
   */
  async countByFate(
    campaignId: string,
    judge: (zones: PendingZone[]) => PreviewVerdicts,
    sampleSize: number,
  ): Promise<PreviewFateRow[]> {
    return this.prisma.$transaction(
      async (tx) => {
        const zones = decodeRows(
          zoneRow,
          await tx.$queryRaw`
            SELECT ct.timezone AS zone, COUNT(*)::int AS pending
            FROM campaign_recipients r ${RECIPIENT_CONTACT}
            WHERE r."campaignId" = ${campaignId}::uuid AND r.status = 'pending'
            GROUP BY 1`,
        );
        const { zones: verdicts, turnMs } = judge(zones);
        return decodeRows(
          fateRow,
          await tx.$queryRaw`
            WITH zone AS (
              SELECT * FROM unnest(${verdicts.map((v) => zoneKey(v.zone))}::text[], ${verdicts.map((v) => v.held)}::boolean[],
                ${verdicts.map((v) => v.turnGroup)}::int[],
                ${verdicts.map((v) => (v.windowOpensAfter ? utc(v.windowOpensAfter) : null))}::timestamp(3)[])
                AS z(key, held, "turnGroup", "opensAfter")
            ), queued AS (
              SELECT r.id, r.status, COALESCE(r.phone, r.input) AS shown, ct.timezone, ${OPTED_OUT} AS "optedOut",
                ct."lastInboundWhatsappAt", z.held, z."opensAfter",
                -- Its place among the recipients due with it: the window is judged at its own turn.
                row_number() OVER (PARTITION BY r.status = 'pending', z."turnGroup" ORDER BY r.id) - 1 AS turn
              FROM campaign_recipients r ${RECIPIENT_CONTACT}
              LEFT JOIN zone z ON z.key = COALESCE(ct.timezone, '')
              WHERE r."campaignId" = ${campaignId}::uuid
            ), judged AS (
              SELECT id, shown, CASE WHEN status = 'pending' THEN timezone END AS zone,
                CASE
                  WHEN status = 'invalid' THEN 'invalid'
                  WHEN status = 'skipped_duplicate' THEN 'duplicate'
                  WHEN status <> 'pending' THEN 'processed'
                  WHEN "optedOut" THEN 'opted_out'
                  WHEN "opensAfter" IS NOT NULL AND NOT COALESCE(
                    "lastInboundWhatsappAt" > "opensAfter" + make_interval(secs => turn * ${turnMs}::float8 / 1000), false)
                    THEN 'outside_window'
                  WHEN held THEN 'held'
                  ELSE 'send' END AS fate
              FROM queued
            )
            SELECT fate, zone, COUNT(*)::int AS n, (array_agg(shown ORDER BY shown COLLATE "C"))[1:${sampleSize}::int] AS sample
            FROM judged GROUP BY fate, zone`,
        );
      },
      { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead },
    );
  }
}
