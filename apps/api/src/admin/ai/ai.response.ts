import { ApiProperty } from '@nestjs/swagger';
import { maskSecret } from '@app/common';
import type { AiBackend } from '@app/database';
import type { AiState } from './ai.service';

/** The AI settings; the API key is never shown in full. */
export class AiConfigResponse {
  @ApiProperty({ type: Boolean, example: true })
  enabled: boolean;

  @ApiProperty({
    enum: ['openai', 'askyourdatabase'],
    description: 'Who writes the answers: OpenAI-compatible Chat Completions, or AskYourDatabase.',
    example: 'openai',
  })
  backend: AiBackend;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "askyourdatabase: the backend's base URL.",
    example: null,
  })
  baseUrl: string | null;

  @ApiProperty({ type: String, nullable: true, description: "askyourdatabase: the chatbot's id.", example: null })
  botId: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The stored key, masked: its last four characters at most; null when none is stored.',
    example: '…a1b2',
  })
  apiKey: string | null;

  @ApiProperty({
    type: Boolean,
    description: 'A key is stored, or (backend openai) OPENAI_API_KEY is set.',
    example: true,
  })
  apiKeySet: boolean;

  @ApiProperty({ type: String, example: 'You are a helpful assistant for Acme. Answer briefly.' })
  systemPrompt: string;

  @ApiProperty({ type: String, example: 'gpt-4o-mini' })
  model: string;

  @ApiProperty({ type: Number, minimum: 0, maximum: 2, example: 0.7 })
  temperature: number;

  @ApiProperty({ type: String, nullable: true, description: 'Default recipient of POST /api/ai/send.', example: null })
  targetNumber: string | null;

  @ApiProperty({ enum: ['env', 'api'], description: 'Who set the settings last.', example: 'api' })
  source: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Messages received before this moment are never answered by AI.',
    example: '2025-01-15T09:30:00.000Z',
  })
  enabledSince: Date | null;

  @ApiProperty({
    type: Boolean,
    description:
      'Enabled and able to run (openai: a key or OPENAI_BASE_URL is there; askyourdatabase: baseUrl, botId and a key).',
    example: true,
  })
  active: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'Why AI cannot run, if it cannot.', example: null })
  unavailableReason: string | null;

  @ApiProperty({
    type: Boolean,
    description:
      'The fixed-text auto-reply is on. It answers while AI cannot run; enabling AI turns it off only once AI can run.',
    example: false,
  })
  autoReplyEnabled: boolean;
}

export class AiTestResponse {
  @ApiProperty({ type: String, example: 'Hello! How can I help you today?' })
  reply: string;

  @ApiProperty({ type: String, example: 'gpt-4o-mini' })
  model: string;
}

export function toAiConfigResponse({
  settings,
  unavailableReason,
  envKeySet,
  autoReplyEnabled,
}: AiState): AiConfigResponse {
  return {
    enabled: settings.enabled,
    backend: settings.backend,
    baseUrl: settings.baseUrl,
    botId: settings.botId,
    apiKey: settings.apiKeyUnreadable ? '…' : maskSecret(settings.apiKey),
    // OPENAI_API_KEY is the openai backend's only: AskYourDatabase runs on a stored key alone.
    apiKeySet: Boolean(settings.apiKey) || (settings.backend === 'openai' && envKeySet),
    systemPrompt: settings.systemPrompt,
    model: settings.model,
    temperature: settings.temperature,
    targetNumber: settings.targetNumber,
    source: settings.source,
    enabledSince: settings.enabledSince,
    active: settings.enabled && !unavailableReason,
    unavailableReason,
    autoReplyEnabled,
  };
}
