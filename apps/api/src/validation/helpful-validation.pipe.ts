import { ValidationPipe, type ValidationPipeOptions } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { badRequest } from '@app/messaging';
import { validationMessages } from './validation-messages';

/** What Nest's pipe appends when `maxErrorMessagesLength` cut the list short; the same words here. */
const OMITTED = 'Further validation errors were omitted';

/**
 * Nest's ValidationPipe, answering with validationMessages() (one message per field, the most
 * useful first, "did you mean" for a mistyped field) in badRequest()'s shape, so a 400 reads the
 * same whether the DTO or a service refused the input.
 */
export class HelpfulValidationPipe extends ValidationPipe {
  constructor(options: ValidationPipeOptions = {}) {
    // Each error keeps the object it was found in (`target`), which tells a mistyped field's DTO,
    // and so which field it may have meant. Only messages are sent: the objects never leave.
    super({ ...options, validationError: { target: true, ...options.validationError } });
  }

  override createExceptionFactory() {
    return (errors: ValidationError[] = []) => {
      // Nest's own budget: the errors after the first maxErrorMessagesLength characters are not
      // even visited, so a body with 100,000 bad keys costs no more than its first ones.
      const budget = { remaining: this.maxErrorMessagesLength, isExceeded: false };
      const messages = validationMessages(this.limitValidationErrors(errors, budget));
      return badRequest(...messages, ...(budget.isExceeded ? [OMITTED] : []));
    };
  }
}
