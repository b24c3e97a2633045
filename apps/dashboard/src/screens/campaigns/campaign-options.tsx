import type { components } from '../../api/schema';
import { describedBy, FieldError } from '../../ui/field-errors';

type CreateCampaign = components['schemas']['CreateCampaignDto'];

/** What the "Sender, quiet hours and template" part of the form holds, as typed. */
export interface CampaignOptions {
  channel: 'sms' | 'whatsapp';
  from: string;
  quietStart: string;
  quietEnd: string;
  quietZone: string;
  contentSid: string;
  contentVariables: string;
}

export const NO_OPTIONS: CampaignOptions = {
  channel: 'sms',
  from: '',
  quietStart: '',
  quietEnd: '',
  quietZone: '',
  contentSid: '',
  contentVariables: '',
};

/** The fields of the API's 400s this part shows next to its controls. */
export const OPTION_FIELDS = [
  'channel',
  'from',
  'quietHours',
  'quietHours.start',
  'quietHours.end',
  'quietHours.timezone',
  'contentSid',
  'contentVariables',
] as const;
type OptionField = (typeof OPTION_FIELDS)[number];

/**
 * The options as the API takes them: only what was filled in, so the API's defaults (the business's
 * number, its quiet hours, QUIET_HOURS) apply to the rest. Variables the browser cannot read as a
 * JSON object are sent as typed, for the API to name in its 400.
 */
export function optionsBody(options: CampaignOptions): Partial<CreateCampaign> {
  const body: Partial<CreateCampaign> = { channel: options.channel };
  if (options.from.trim()) body.from = options.from.trim();
  if (options.quietStart || options.quietEnd) {
    body.quietHours = {
      start: options.quietStart,
      end: options.quietEnd,
      ...(options.quietZone.trim() ? { timezone: options.quietZone.trim() } : {}),
    };
  }
  if (options.contentSid.trim()) body.contentSid = options.contentSid.trim();
  if (options.contentVariables.trim()) {
    try {
      body.contentVariables = JSON.parse(options.contentVariables) as Record<string, string>;
    } catch {
      body.contentVariables = options.contentVariables as unknown as Record<string, string>;
    }
  }
  return body;
}

/**
 * Channel, sender, the campaign's own quiet hours and a WhatsApp template, folded away: most
 * campaigns take the business's defaults. Each control shows the API's refusal of its field.
 */
export function CampaignOptionsFields({
  options,
  onChange,
  errors,
}: {
  options: CampaignOptions;
  onChange: (next: CampaignOptions) => void;
  errors: Partial<Record<OptionField, string[]>>;
}) {
  const set = (field: keyof CampaignOptions) => (event: { target: { value: string } }) =>
    onChange({ ...options, [field]: event.target.value });
  const quietErrors = [
    ...(errors.quietHours ?? []),
    ...(errors['quietHours.start'] ?? []),
    ...(errors['quietHours.end'] ?? []),
  ];
  const open = Object.values(errors).some((messages) => messages?.length);
  return (
    <details className="options" open={open || undefined}>
      <summary>Sender, quiet hours and template (optional)</summary>
      <fieldset>
        <legend>Channel</legend>
        {(['sms', 'whatsapp'] as const).map((channel) => (
          <label key={channel} className="field-check">
            <input
              type="radio"
              name="campaign-channel"
              value={channel}
              checked={options.channel === channel}
              onChange={set('channel')}
            />
            {channel === 'sms' ? 'SMS' : 'WhatsApp'}
          </label>
        ))}
      </fieldset>

      <label htmlFor="campaign-from">Send from (empty: the business’s number or messaging service)</label>
      <input
        id="campaign-from"
        value={options.from}
        maxLength={40}
        onChange={set('from')}
        placeholder="+15550001111"
        {...describedBy('campaign-from', errors.from)}
      />
      <FieldError control="campaign-from" messages={errors.from} />

      <fieldset>
        <legend>Quiet hours of this campaign (empty: the business’s)</legend>
        <p className="muted">
          Nobody is texted between these times on their own clock; they get it when quiet hours end.
        </p>
        <label htmlFor="campaign-quiet-start">From</label>
        <input
          id="campaign-quiet-start"
          type="time"
          value={options.quietStart}
          onChange={set('quietStart')}
          {...describedBy('campaign-quiet', quietErrors)}
        />
        <label htmlFor="campaign-quiet-end">Until</label>
        <input
          id="campaign-quiet-end"
          type="time"
          value={options.quietEnd}
          onChange={set('quietEnd')}
          {...describedBy('campaign-quiet', quietErrors)}
        />
        <FieldError control="campaign-quiet" messages={quietErrors} />
        <label htmlFor="campaign-quiet-zone">
          Time zone for numbers without their own (IANA, e.g. America/Chicago)
        </label>
        <input
          id="campaign-quiet-zone"
          value={options.quietZone}
          maxLength={64}
          onChange={set('quietZone')}
          {...describedBy('campaign-quiet-zone', errors['quietHours.timezone'])}
        />
        <FieldError control="campaign-quiet-zone" messages={errors['quietHours.timezone']} />
      </fieldset>

      <fieldset>
        <legend>Template (WhatsApp outside the 24-hour window)</legend>
        <label htmlFor="campaign-content-sid">Content SID (HX…)</label>
        <input
          id="campaign-content-sid"
          value={options.contentSid}
          maxLength={34}
          onChange={set('contentSid')}
          {...describedBy('campaign-content-sid', errors.contentSid)}
        />
        <FieldError control="campaign-content-sid" messages={errors.contentSid} />
        <label htmlFor="campaign-content-variables">Template variables (JSON, e.g. {'{"1": "Friday"}'})</label>
        <input
          id="campaign-content-variables"
          value={options.contentVariables}
          onChange={set('contentVariables')}
          {...describedBy('campaign-content-variables', errors.contentVariables)}
        />
        <FieldError control="campaign-content-variables" messages={errors.contentVariables} />
      </fieldset>
    </details>
  );
}
