import { IsBoolean, IsNotEmpty, IsNumber, IsOptional, IsString, Max, MaxLength, Min, ValidateIf } from 'class-validator';

export class AiConfigDto {
  @IsOptional() @IsBoolean() enabled?: boolean;
  /** Write-only; null clears it (then OPENAI_API_KEY applies). Shown masked. */
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @IsNotEmpty() @MaxLength(400) apiKey?: string | null;
  @IsOptional() @IsString() @MaxLength(8000) systemPrompt?: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) model?: string;
  @IsOptional() @IsNumber() @Min(0) @Max(2) temperature?: number;
  /** Default recipient of POST /api/ai/send. null clears it. */
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @IsNotEmpty() @MaxLength(40) targetNumber?: string | null;
}

export class AiTestDto {
  @IsString() @IsNotEmpty() @MaxLength(4000) prompt: string;
}

export class AiSendDto {
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(40) to?: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(4000) prompt?: string;
}
