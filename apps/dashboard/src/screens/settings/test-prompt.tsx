import { useState, type FormEvent } from 'react';
import { $api } from '../../api/client';
import { describeError, statusOf } from '../../api/errors';
import { describedBy, FieldError, fieldErrors } from '../../ui/field-errors';

/** Asks the model with the saved settings (POST /api/ai/test): nothing is sent to anyone or stored. */
export function TestPrompt() {
  const [prompt, setPrompt] = useState('');
  const ask = $api.useMutation('post', '/api/ai/test');
  const { byField } = fieldErrors(ask.error, ['prompt'] as const);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    ask.mutate({ body: { prompt } });
  };

  return (
    <form className="settings-form" onSubmit={submit} aria-labelledby="test-prompt-heading" noValidate>
      <h2 id="test-prompt-heading">Try the AI</h2>
      <p className="muted">Uses the saved AI settings. Nothing is sent to anyone, and nothing is stored.</p>
      <div className="field">
        <label htmlFor="test-prompt">A customer’s message</label>
        <textarea
          id="test-prompt"
          rows={2}
          maxLength={4000}
          value={prompt}
          onChange={(event) => setPrompt(event.target.value)}
          {...describedBy('test-prompt', byField.prompt)}
        />
        <FieldError control="test-prompt" messages={byField.prompt} />
      </div>
      <button type="submit" disabled={ask.isPending || !prompt.trim()}>
        {ask.isPending ? 'Asking…' : 'Ask the model'}
      </button>
      <div aria-live="polite" className="test-answer">
        {ask.isSuccess ? (
          <>
            <h3>The model’s answer ({ask.data.model})</h3>
            <blockquote>{ask.data.reply}</blockquote>
          </>
        ) : ask.isError && statusOf(ask.error) !== 400 ? (
          <p className="notice notice-error" role="alert">
            No answer: {describeError(ask.error)}
          </p>
        ) : null}
      </div>
    </form>
  );
}
