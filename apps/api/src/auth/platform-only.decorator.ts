import { SetMetadata } from '@nestjs/common';

export const PLATFORM_ONLY = 'switchboard:platform-only';

/** A route for the platform key (ADMIN_API_KEY) alone: a business's own key gets 403 (managing businesses). */
export const PlatformOnly = () => SetMetadata(PLATFORM_ONLY, true);
