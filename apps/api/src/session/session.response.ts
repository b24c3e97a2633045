import { ApiProperty } from '@nestjs/swagger';

export class SessionBusinessResponse {
  @ApiProperty({ type: String, format: 'uuid', example: '6f1c2a9e-8b7d-4c35-9e0f-2a1b3c4d5e6f' })
  id: string;

  @ApiProperty({ type: String, example: 'bravo-bikes' })
  slug: string;

  @ApiProperty({ type: String, example: 'Bravo Bikes' })
  name: string;
}

/** Who the browser (or the key) acts as. */
export class SessionResponse {
  @ApiProperty({
    type: Boolean,
    description: 'Signed in with the platform key: every business (X-Business-Id), and the platform-only routes.',
    example: false,
  })
  platform: boolean;

  @ApiProperty({
    type: SessionBusinessResponse,
    nullable: true,
    description: 'The business a business key acts for; null for the platform.',
  })
  business: SessionBusinessResponse | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      'When the session ends (ADMIN_SESSION_TTL_SECONDS after sign-in); null when X-API-Key was sent instead.',
    example: '2026-12-02T21:30:00.000Z',
  })
  expiresAt: Date | null;
}
