import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsOmittable, Trim } from '../validators';

export class AiConfigDto {
  @IsOmittable() @IsBoolean() enabled?: boolean;
  /**
   * Write-only; null clears it (then OPENAI_API_KEY applies). Shown masked. Trimmed, and
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
