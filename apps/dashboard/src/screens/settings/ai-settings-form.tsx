import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { $api } from '../../api/client';
import { describeError, statusOf } from '../../api/errors';
import type { components } from '../../api/schema';
import { describedBy, FieldError, fieldErrors } from '../../ui/field-errors';

type AiConfig = components['schemas']['AiConfigResponse'];
type Editable = Pick<AiConfig, 'enabled' | 'backend' | 'systemPrompt' | 'model' | 'temperature'>;

const FIELDS = ['enabled', 'backend', 'systemPrompt', 'model', 'temperature'] as const;
const BACKENDS: Record<AiConfig['backend'], string> = {
  openai: 'OpenAI (or an OpenAI-compatible server)',
  askyourdatabase: 'AskYourDatabase',
};

/**
 * The AI settings (POST /api/ai/config). Only what the operator changed is sent: an unchanged
 * backend sent again would count as a change, which needs the key again. Enabling AI turns the
 * auto-reply off on the server, so the form says so before saving and reports it after.
 */
export function AiSettingsForm({ config }: { config: AiConfig }) {
  const queryClient = useQueryClient();
  // The operator's edits over the saved settings; emptied by a save.
  const [draft, setDraft] = useState<Partial<Editable>>({});
  // Temperature as typed, so "0." can be typed on the way to "0.5".
  const [temperatureText, setTemperatureText] = useState<string | null>(null);
  const [announced, setAnnounced] = useState('');
  const save = $api.useMutation('post', '/api/ai/config', {
    onSuccess: (saved) => {
      setDraft({});
      setTemperatureText(null);
      setAnnounced(
        `AI settings saved. AI is ${saved.enabled ? (saved.active ? 'on' : 'enabled but cannot run') : 'off'}; ` +
          `the auto-reply is ${saved.autoReplyEnabled ? 'on' : 'off'}.`,
      );
      // The auto-reply may have been turned off with it.
      void queryClient.invalidateQueries({ queryKey: ['get', '/api/ai/config'] });
      void queryClient.invalidateQueries({ queryKey: ['get', '/api/auto-reply/config'] });
    },
    onError: () => setAnnounced(''),
  });
  const value = { ...config, ...draft };
  const edit = (patch: Partial<Editable>) => {
    setDraft((previous) => ({ ...previous, ...patch }));
    setAnnounced('');
  };
  const changed = FIELDS.filter((field) => field in draft && draft[field] !== config[field]);
  const turnsAutoReplyOff = value.enabled && !config.enabled && config.autoReplyEnabled;
  const { byField, other } = fieldErrors(save.error, FIELDS);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = Object.fromEntries(changed.map((field) => [field, value[field]]));
    save.mutate({ body });
  };

  return (
    <form className="settings-form" onSubmit={submit} aria-labelledby="ai-heading" noValidate>
      <h2 id="ai-heading">AI replies</h2>
      <p className={config.active ? 'notice notice-ok' : 'notice'}>
        {config.active
          ? `AI answers incoming texts (${config.model}).`
          : config.enabled
            ? `AI is enabled but cannot run: ${config.unavailableReason ?? 'unknown reason'}.`
            : 'AI is off.'}
      </p>

      <div className="field field-check">
        <input
          id="ai-enabled"
          type="checkbox"
          checked={value.enabled}
          onChange={(event) => edit({ enabled: event.target.checked })}
          {...describedBy('ai-enabled', byField.enabled)}
        />
        <label htmlFor="ai-enabled">Answer incoming texts with AI</label>
        <FieldError control="ai-enabled" messages={byField.enabled} />
      </div>
      {turnsAutoReplyOff ? (
        <p className="notice" id="ai-enabled-note">
          Saving with AI enabled turns the auto-reply off (once AI can run): AI answers instead of the fixed message.
        </p>
      ) : null}

      <div className="field">
        <label htmlFor="ai-backend">Backend</label>
        <select
          id="ai-backend"
          value={value.backend}
          onChange={(event) => edit({ backend: event.target.value as AiConfig['backend'] })}
          {...describedBy('ai-backend', byField.backend)}
        >
          {Object.entries(BACKENDS).map(([backend, label]) => (
            <option key={backend} value={backend}>
              {label}
            </option>
          ))}
        </select>
        <FieldError control="ai-backend" messages={byField.backend} />
        {value.backend === 'askyourdatabase' ? (
          <p className="muted">AskYourDatabase also needs its base URL, bot id and key, set through the API.</p>
        ) : null}
      </div>

      <div className="field">
        <label htmlFor="ai-prompt">System prompt</label>
        <textarea
          id="ai-prompt"
          rows={5}
          maxLength={8000}
          value={value.systemPrompt}
          onChange={(event) => edit({ systemPrompt: event.target.value })}
          {...describedBy('ai-prompt', byField.systemPrompt)}
        />
        <FieldError control="ai-prompt" messages={byField.systemPrompt} />
      </div>

      <div className="field">
        <label htmlFor="ai-model">Model</label>
        <input
          id="ai-model"
          value={value.model}
          maxLength={200}
          onChange={(event) => edit({ model: event.target.value })}
          {...describedBy('ai-model', byField.model)}
        />
        <FieldError control="ai-model" messages={byField.model} />
      </div>

      <div className="field field-narrow">
        <label htmlFor="ai-temperature">Temperature (0 to 2)</label>
        <input
          id="ai-temperature"
          type="number"
          min={0}
          max={2}
          step={0.1}
          value={temperatureText ?? String(value.temperature)}
          onChange={(event) => {
            setTemperatureText(event.target.value);
            // Sent as typed, even out of range: the API's message says what is allowed.
            if (event.target.value !== '') edit({ temperature: Number(event.target.value) });
          }}
          {...describedBy('ai-temperature', byField.temperature)}
        />
        <FieldError control="ai-temperature" messages={byField.temperature} />
      </div>

      {save.isError && (statusOf(save.error) !== 400 || other.length) ? (
        <p className="notice notice-error" role="alert">
          Not saved: {statusOf(save.error) === 400 ? other.join('; ') : describeError(save.error)}
        </p>
      ) : save.isError ? (
        <p className="notice notice-error" role="alert">
          Not saved: see the messages next to the fields.
        </p>
      ) : null}
      <button type="submit" disabled={save.isPending || changed.length === 0}>
        {save.isPending ? 'Saving…' : 'Save AI settings'}
      </button>
      <p role="status" aria-live="polite" className="saved">
        {announced}
      </p>
    </form>
  );
}
