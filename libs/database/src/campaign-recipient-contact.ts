import { Prisma } from './generated/prisma/client';

/**
 * A campaign recipient (`r`) and its contact (`ct`) in the campaign's business: where its
 * opt-out, time zone and WhatsApp window are read. The send's claim, its context and the
 * preview join the same way, so the preview counts what the sends then find.
 */
export const RECIPIENT_CONTACT = Prisma.sql`LEFT JOIN contacts ct ON ct."businessId" = r."businessId" AND ct.phone = r.phone`;

/** The claim skips a recipient whose contact opted out; no contact row means not opted out. */
export const OPTED_OUT = Prisma.sql`COALESCE(ct."optedOut", false)`;
