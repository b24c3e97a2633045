import { ApiProperty } from '@nestjs/swagger';
import type { ApiKeyInfo } from '@app/database';

/** A business API key as lists show it: never the key, nor its hash. */
export class ApiKeyResponse {
  @ApiProperty({ type: String, format: 'uuid', example: '0f8e2d4c-6a1b-4c3d-9e5f-7a8b9c0d1e2f' })
  id: string;

  @ApiProperty({ type: String, example: 'booking widget' })
  name: string;

  @ApiProperty({
    type: String,
    description: 'The key’s first 12 characters, to tell keys apart.',
    example: 'sbk_Q2xhc3Np',
  })
  prefix: string;

  @ApiProperty({ type: String, format: 'date-time', example: '2026-12-02T09:30:00.000Z' })
  createdAt: Date;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Last request with the key, to the minute.',
    example: null,
  })
  lastUsedAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Set once revoked.', example: null })
  revokedAt: Date | null;
}

export class ApiKeyList {
  @ApiProperty({ type: ApiKeyResponse, isArray: true, description: 'Newest first, revoked ones included.' })
  items: ApiKeyResponse[];
}

/** A new key, the only time it is shown. */
export class ApiKeyCreatedResponse {
  @ApiProperty({ type: String, format: 'uuid', example: '0f8e2d4c-6a1b-4c3d-9e5f-7a8b9c0d1e2f' })
  id: string;

  @ApiProperty({ type: String, example: 'booking widget' })
  name: string;

  @ApiProperty({ type: String, example: 'sbk_Q2xhc3Np' })
  prefix: string;

  @ApiProperty({
    type: String,
    description: 'The key: shown this once, stored only as its SHA-256. Send it as X-API-Key.',
    example: 'sbk_Q2xhc3NpY2FsbHkgc3BlYWtpbmcsIHRoaXMgaXMgYSBrZXk',
  })
  key: string;

  @ApiProperty({ type: String, format: 'date-time', example: '2026-12-02T09:30:00.000Z' })
  createdAt: Date;
}

export function toApiKeyResponse(k: ApiKeyInfo): ApiKeyResponse {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    createdAt: k.createdAt,
    lastUsedAt: k.lastUsedAt,
    revokedAt: k.revokedAt,
  };
}

export function toApiKeyCreatedResponse(k: ApiKeyInfo, key: string): ApiKeyCreatedResponse {
  return { id: k.id, name: k.name, prefix: k.prefix, key, createdAt: k.createdAt };
}
