import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { MAX_BASE_URL_LENGTH } from '@app/ai';
import type { AiBackend } from '@app/database';
import { IsOmittable, Trim } from '../validators';

export const AI_BACKENDS: readonly AiBackend[] = ['openai', 'askyourdatabase'];

export class AiConfigDto {
  @IsOmittable() @IsBoolean() enabled?: boolean;
  /**
   * Who writes the answers: `openai` (Chat Completions at OPENAI_BASE_URL, the default) or
   * `askyourdatabase` (its Ask API at `baseUrl`, as bot `botId`, with `apiKey`; one chat per
   * customer, kept AI_SESSION_DAYS). Changing it, or `baseUrl`, needs `apiKey` in the same
   * request when one is stored: a stored key is never sent to another server.
   */
  @ApiPropertyOptional({ enum: AI_BACKENDS })
  @IsOmittable()
  @IsIn(AI_BACKENDS, { message: `backend must be one of: ${AI_BACKENDS.join(', ')}` })
  backend?: AiBackend;
  /**
   * askyourdatabase: its https origin (and path prefix, if any), e.g. https://www.askyourdatabase.com.
   * http:// only for localhost or in sandbox mode. null clears it.
   */
  @IsOptional() @Trim() @IsString() @IsNotEmpty() @MaxLength(MAX_BASE_URL_LENGTH) baseUrl?: string | null;
  /** askyourdatabase: the chatbot's id (its `botid`). null clears it. */
  @ApiPropertyOptional({ type: String, nullable: true, pattern: '^\\s*[\\x21-\\x7e]+\\s*$' })
  @IsOptional()
  @Trim()
  @IsString()
  @Matches(/^[\x21-\x7e]+$/, { message: 'botId must be printable ASCII without spaces' })
  @MaxLength(200)
  botId?: string | null;
  /**
   * The backend's key. Write-only; null clears it (then OPENAI_API_KEY applies to openai). Shown masked. Trimmed, and
   * printable ASCII only: it goes into an Authorization header, where one stray pasted
   * character would fail every AI call until someone noticed.
   */
  // The pattern is checked after trimming, so the document allows the whitespace around it.
  @ApiPropertyOptional({ type: String, pattern: '^\\s*[\\x21-\\x7e]+\\s*$' })
  @IsOptional()
  @Trim()
  @IsString()
  @Matches(/^[\x21-\x7e]+$/, {
    message: 'apiKey must be printable ASCII without spaces (it is sent in an HTTP header)',
  })
  @MaxLength(400)
  apiKey?: string | null;
  @IsOmittable() @IsString() @MaxLength(8000) systemPrompt?: string;
  @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(200) model?: string;
  @IsOmittable() @IsNumber() @Min(0) @Max(2) temperature?: number;
  /** Default recipient of POST /api/ai/send. null clears it. */
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(40) targetNumber?: string | null;
}

export class AiTestDto {
  @IsString() @IsNotEmpty() @MaxLength(4000) prompt: string;
}

export class AiSendDto {
  @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(40) to?: string;
  @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(4000) prompt?: string;
}
