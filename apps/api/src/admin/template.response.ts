import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';

/** The template fields of a message, campaign or reminder response. */
export const ContentSidProperty = () =>
  applyDecorators(
    ApiProperty({
      type: String,
      nullable: true,
      description: "The Content API template sent (Twilio's ContentSid), or null for free text.",
      example: null,
    }),
  );

export const ContentVariablesProperty = () =>
  applyDecorators(
    ApiProperty({
      type: 'object',
      additionalProperties: { type: 'string' },
      nullable: true,
      description: "The template's variables (Twilio's ContentVariables).",
      example: null,
    }),
  );

/** Stored as the JSON text sent to Twilio; answered as the object it was given as. */
export function contentVariablesObject(text: string | null): Record<string, string> | null {
  return text === null ? null : (JSON.parse(text) as Record<string, string>);
}
