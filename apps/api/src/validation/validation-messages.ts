import { getMetadataStorage, type ValidationError } from 'class-validator';
import { closestName } from './did-you-mean';

/**
 * The messages of a 400 from class-validator's errors, most useful first and one per field.
 *
 * class-validator reports every rule a value breaks, so `{}` sent to POST /api/messages used to
 * get six messages, three per missing field ("to must be shorter than or equal to 40 characters",
 * "to should not be empty", "to must be a string"), and a typo (`too`) got "property too should
 * not exist" followed by three messages about the `to` it was meant to be. Here:
 *
 * - a field that is missing gets one message, "to is required" (or a rule's own message that
 *   already says what is required, such as "message is required when auto-reply is enabled");
 * - a field that is present but wrong gets the message of the rule written first on it, which
 *   in our DTOs is the type (`@IsString() @IsNotEmpty() @MaxLength(40)`): a number where text
 *   belongs breaks all three rules, and only "to must be a string" says what to send instead;
 * - an unknown field close to a known one the body left out says which:
 *   "property too should not exist — did you mean `to`?" — and comes first, since it explains
 *   the other messages (the missing `to` is still reported, once);
 * - then the fields' problems, in the order the DTO declares its fields, nested ones in place
 *   (`quietHours.start must be HH:MM (24h)`); then the unknown fields nothing resembles.
 */
export function validationMessages(errors: readonly ValidationError[]): string[] {
  const problems: Problem[] = [];
  collect(errors, '', problems);
  // Array.prototype.sort is stable: within a rank, the DTO's own order stays.
  problems.sort((a, b) => a.rank - b.rank);
  return [...new Set(problems.map((p) => p.text))];
}

/** Lower first. */
enum Rank {
  UnknownWithSuggestion,
  Field,
  Unknown,
}

interface Problem {
  rank: Rank;
  text: string;
}

/** class-validator's name for the rule `forbidNonWhitelisted` adds. */
const UNKNOWN_PROPERTY = 'whitelistValidation';

function collect(errors: readonly ValidationError[], parent: string, out: Problem[]): void {
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const messages = Object.values(error.constraints ?? {});
    if (messages.length) {
      out.push(
        error.constraints?.[UNKNOWN_PROPERTY] !== undefined
          ? unknownProperty(error, parent, path)
          : { rank: Rank.Field, text: fieldMessage(error, messages, parent, path) },
      );
    }
    if (error.children?.length) collect(error.children, path, out);
  }
}

function fieldMessage(error: ValidationError, messages: string[], parent: string, path: string): string {
  // A left-out field: class-validator sets `value` to undefined. (The ValidationPipe deletes the
  // value of an error that has children, an object or array that was given, hence `in`.)
  if ('value' in error && error.value === undefined) {
    const required = messages.find((m) => /\brequired\b/.test(m));
    return required ? withPath(required, error.property, parent, path) : `${path} is required`;
  }
  // class-validator lists the rules bottom-up (the decorator nearest the field runs first) and
  // @ValidateNested's after the rest, so the last message is the first decorator as written,
  // or the nested object's own message ("quietHours must be an object…").
  return withPath(messages[messages.length - 1], error.property, parent, path);
}

/**
 * A nested field's message names the whole path: class-validator's messages start with the
 * property's own name ("start must be HH:MM (24h)"), which becomes "quietHours.start must…";
 * one that does not is prefixed with the parent path, as Nest's ValidationPipe did.
 */
function withPath(message: string, property: string, parent: string, path: string): string {
  if (!parent) return message;
  return message.startsWith(`${property} `) ? path + message.slice(property.length) : `${parent}.${message}`;
}

function unknownProperty(error: ValidationError, parent: string, path: string): Problem {
  const text = `property ${path} should not exist`;
  const target = error.target as Record<string, unknown> | undefined;
  // Only the fields the body left out: a typo of a field that is also there is just a stray key.
  const missing = knownFields(target).filter((name) => target?.[name] === undefined);
  const meant = closestName(error.property, missing);
  if (!meant) return { rank: Rank.Unknown, text };
  return {
    rank: Rank.UnknownWithSuggestion,
    text: `${text} — did you mean \`${parent ? `${parent}.` : ''}${meant}\`?`,
  };
}

const fieldsByClass = new WeakMap<object, string[]>();

/**
 * The fields a DTO declares, in order: those with a validation decorator, which are exactly the
 * ones `whitelist` lets through. Known only when the pipe keeps each error's `target` (the object
 * validated); without it no field is suggested.
 */
function knownFields(target: object | undefined): string[] {
  const dto = target?.constructor;
  if (!dto || dto === Object || dto === Array) return [];
  let fields = fieldsByClass.get(dto);
  if (!fields) {
    const metadata = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
    fields = [...new Set(metadata.map((m) => m.propertyName))];
    fieldsByClass.set(dto, fields);
  }
  return fields;
}
