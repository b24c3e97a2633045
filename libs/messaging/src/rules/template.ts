/** A Content API template given with a send: its SID and its variables (an object, as the API takes them). */
export interface TemplateInput {
  contentSid?: string | null;
  contentVariables?: Record<string, string> | null;
}

/**
 * The template as stored on a message (campaign, reminder) and sent to Twilio: the variables
 * as the JSON text ContentVariables takes, serialized once here so every send carries the same text.
 */
export function templateColumns(input: TemplateInput): { contentSid: string | null; contentVariables: string | null } {
  const contentSid = input.contentSid ?? null;
  return {
    contentSid,
    contentVariables: contentSid && input.contentVariables ? JSON.stringify(input.contentVariables) : null,
  };
}

/** What a PATCH may say of a send's text and template: null clears (a null body: send the template alone). */
export interface TemplatePatch {
  body?: string | null;
  contentSid?: string | null;
  contentVariables?: Record<string, string> | null;
}

type TemplateColumns = { body: string; contentSid: string | null; contentVariables: string | null };

/**
 * The stored text and template after a PATCH, or why not (400 reasons): something must still be
 * sent (a body or a template), and variables need a template. A new template without variables
 * drops the old ones: they filled the previous template.
 */
export function patchedTemplate(
  current: TemplateColumns,
  patch: TemplatePatch,
): { columns: Partial<TemplateColumns>; problems: string[] } {
  const columns: Partial<TemplateColumns> = {};
  if (patch.body !== undefined) columns.body = patch.body ?? '';
  if (patch.contentSid !== undefined && patch.contentSid !== current.contentSid) {
    columns.contentSid = patch.contentSid;
    columns.contentVariables = null;
  }
  if (patch.contentVariables !== undefined)
    columns.contentVariables = patch.contentVariables === null ? null : JSON.stringify(patch.contentVariables);
  const after = { ...current, ...columns };
  const problems: string[] = [];
  if (!after.contentSid && !after.body) problems.push('body is required unless a template (contentSid) is given');
  if (!after.contentSid && after.contentVariables)
    problems.push('contentVariables needs contentSid (the template they fill)');
  return { columns, problems };
}
