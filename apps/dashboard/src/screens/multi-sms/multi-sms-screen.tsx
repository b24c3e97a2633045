import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { $api } from '../../api/client';
import { describeError } from '../../api/errors';
import type { components } from '../../api/schema';
import { ScreenHeading } from '../../ui/screen-heading';
import { countEntries } from '../campaigns/campaign-progress';
import { SegmentCounter } from '../conversations/segment-counter';
import { BatchHistory } from './batch-history';

type Created = components['schemas']['CampaignCreatedResponse'];
type Preview = components['schemas']['BatchPreviewResponse'];

/** POST /api/multi-sms/batches takes a body of up to 1,600 characters, like a single message. */
const MAX_LENGTH = 1600;

/**
 * One message to a pasted list: Preview asks the API what it would accept and cost
 * (POST /api/multi-sms/batches/preview, the same parser; nothing stored), Send sends it at once
 * (POST /api/multi-sms/batches); then each batch's progress and recipients, moved live by the
 * `campaign` events. An edit after the preview asks for a new one before Send.
 */
export function MultiSmsScreen() {
  const queryClient = useQueryClient();
  const [numbers, setNumbers] = useState('');
  const [text, setText] = useState('');
  const [sent, setSent] = useState<Created | null>(null);
  const [previewed, setPreviewed] = useState<{ numbers: string; text: string; preview: Preview } | null>(null);
  const preview = $api.useMutation('post', '/api/multi-sms/batches/preview', {
    onSuccess: (answer, { body }) =>
      setPreviewed({ numbers: String(body.recipients), text: body.body, preview: answer }),
  });
  const send = $api.useMutation('post', '/api/multi-sms/batches', {
    onSuccess: (batch) => {
      setSent(batch);
      setPreviewed(null);
      setNumbers('');
      setText('');
      void queryClient.invalidateQueries({ queryKey: ['get', '/api/multi-sms/batches'] });
    },
  });
  const entries = countEntries(numbers);
  const current = previewed?.numbers === numbers && previewed.text === text ? previewed.preview : null;
  const sendable = current !== null && current.valid > 0 && current.valid <= current.maxRecipients;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!current) preview.mutate({ body: { recipients: numbers, body: text } });
    else send.mutate({ body: { recipients: numbers, body: text } });
  };

  return (
    <>
      <ScreenHeading title="Multi-SMS" />
      <p className="muted screen-intro">
        One text to a list of numbers, sent at once. To send later, or to pause and resume a long send, make a campaign.
      </p>
      <form className="composer" onSubmit={submit}>
        <label htmlFor="batch-numbers">Phone numbers (one per line, or separated by commas)</label>
        <textarea
          id="batch-numbers"
          rows={5}
          value={numbers}
          onChange={(event) => setNumbers(event.target.value)}
          aria-describedby="batch-numbers-count"
          required
        />
        <p id="batch-numbers-count" className="counter muted">
          {entries} {entries === 1 ? 'entry' : 'entries'} · up to 250 numbers; repeats are sent once, and entries that
          are not numbers are listed back
        </p>
        <label htmlFor="batch-message">Message</label>
        <textarea
          id="batch-message"
          rows={3}
          maxLength={MAX_LENGTH}
          value={text}
          onChange={(event) => setText(event.target.value)}
          aria-describedby="batch-message-counter"
          required
        />
        <SegmentCounter id="batch-message-counter" text={text} channel="sms" />
        {preview.isError ? (
          <p className="notice notice-error" role="alert">
            No preview: {describeError(preview.error)}
          </p>
        ) : null}
        {current ? <PreviewSummary preview={current} /> : null}
        {send.isError ? (
          <p className="notice notice-error" role="alert">
            Not sent: {describeError(send.error)}
          </p>
        ) : null}
        {current ? (
          <button type="submit" disabled={send.isPending || !sendable}>
            {send.isPending ? 'Sending…' : `Send to ${current.valid} number${current.valid === 1 ? '' : 's'}`}
          </button>
        ) : (
          <button type="submit" disabled={preview.isPending || !entries || !text.trim()}>
            Preview
          </button>
        )}
      </form>
      {sent ? <Accepted batch={sent} /> : null}
      <BatchHistory latest={sent?.id} />
    </>
  );
}

/** What sending would do, in the API's count: who gets it, what is dropped, what it costs. */
function PreviewSummary({ preview }: { preview: Preview }) {
  const { valid, duplicates, invalid, maxRecipients, segments, totalSegments, estimatedCost } = preview;
  return (
    <section aria-labelledby="batch-preview" className="notice">
      <h2 id="batch-preview">Preview</h2>
      <dl className="facts">
        <dt>Valid numbers</dt>
        <dd>{valid}</dd>
        <dt>Repeats (sent once)</dt>
        <dd>{duplicates}</dd>
        <dt>Not numbers (not sent)</dt>
        <dd>{invalid.length ? `${invalid.length}: ${invalid.join(', ')}` : 0}</dd>
        <dt>SMS segments</dt>
        <dd>
          {totalSegments} ({segments.segments} each, {segments.encoding})
        </dd>
        <dt>Estimated cost</dt>
        <dd>{estimatedCost === null ? 'Unknown (no PRICE_PER_SEGMENT set)' : estimatedCost}</dd>
      </dl>
      {valid === 0 ? <p className="status-bad">No valid number: correct the list, then preview again.</p> : null}
      {valid > maxRecipients ? (
        <p className="status-bad">
          At most {maxRecipients} numbers per batch: split the list, or make a campaign for a longer one.
        </p>
      ) : null}
    </section>
  );
}

/** What the API made of the pasted list: sent to, dropped as repeats, refused as not numbers. */
function Accepted({ batch }: { batch: Created }) {
  const { valid, duplicates, invalid } = batch.accepted;
  return (
    <div className="notice notice-ok" role="status">
      <p>
        Sending to {valid} number{valid === 1 ? '' : 's'} ({batch.segments.segments} SMS segment
        {batch.segments.segments === 1 ? '' : 's'} each, {batch.segments.encoding}, {valid * batch.segments.segments} in
        all). {duplicates ? `${duplicates} repeated ${duplicates === 1 ? 'entry was' : 'entries were'} dropped.` : ''}
      </p>
      {invalid.length ? (
        <p>
          Not numbers, so not sent: <span className="invalid-list">{invalid.join(', ')}</span>
        </p>
      ) : null}
    </div>
  );
}
