import { statusOf } from '../api/errors';

/**
 * A 400's messages sorted by the field they name: the API starts each with the field's name
 * ("temperature must not be greater than 2"), so each can be shown next to its control. What names
 * no field of the form (an unknown field, a rule across fields) is left in `other`.
 */
export function fieldErrors<F extends string>(error: unknown, fields: readonly F[]) {
  const byField: Partial<Record<F, string[]>> = {};
  const other: string[] = [];
  if (statusOf(error) !== 400) return { byField, other };
  const raw = (error as { message: string | string[] }).message;
  for (const message of Array.isArray(raw) ? raw : [raw]) {
    const field = fields.find((name) => message.startsWith(`${name} `));
    if (field) (byField[field] ??= []).push(message);
    else other.push(message);
  }
  return { byField, other };
}

/** The id of a control's error text, for its aria-describedby. */
export const errorId = (control: string) => `${control}-error`;

/** A control's errors, under it; the control points at it with aria-describedby and aria-invalid. */
export function FieldError({ control, messages }: { control: string; messages?: string[] }) {
  if (!messages?.length) return null;
  return (
    <p id={errorId(control)} className="field-error">
      {messages.join('; ')}
    </p>
  );
}

/** The props that tie a control to its error text. */
export const describedBy = (control: string, messages?: string[]) =>
  messages?.length ? { 'aria-invalid': true, 'aria-describedby': errorId(control) } : {};
