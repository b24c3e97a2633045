import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'switchboard:public';

/** Marks a route that needs no X-API-Key (health, Twilio's webhooks which carry their own signature). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
