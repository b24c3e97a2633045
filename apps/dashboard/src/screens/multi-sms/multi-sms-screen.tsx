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

/** POST /api/multi-sms/batches takes a body of up to 1,600 characters, like a single message. */
const MAX_LENGTH = 1600;

/**
 * One message to a pasted list, sent at once (POST /api/multi-sms/batches): what the API accepted
 * (valid, duplicates, invalid entries and the SMS cost), then each batch's progress and recipients,
 * moved live by the `campaign` events.
 */
export function MultiSmsScreen() {
  const queryClient = useQueryClient();
  const [numbers, setNumbers] = useState('');
  const [text, setText] = useState('');
  const [sent, setSent] = useState<Created | null>(null);
  const send = $api.useMutation('post', '/api/multi-sms/batches', {
    onSuccess: (batch) => {
      setSent(batch);
      setNumbers('');
      setText('');
      void queryClient.invalidateQueries({ queryKey: ['get', '/api/multi-sms/batches'] });
    },
  });
  const entries = countEntries(numbers);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    send.mutate({ body: { recipients: numbers, body: text } });
  };

  return (
    <>
      <ScreenHeading title="Multi-SMS" />
      <p className="muted screen-intro">
        One text to a list of numbers, sent at once. For a message to send later, or one to edit and preview first, make
        a campaign.
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
        {send.isError ? (
          <p className="notice notice-error" role="alert">
            Not sent: {describeError(send.error)}
          </p>
        ) : null}
        <button type="submit" disabled={send.isPending || !entries || !text.trim()}>
          {send.isPending ? 'Sending…' : 'Send'}
        </button>
      </form>
      {sent ? <Accepted batch={sent} /> : null}
      <BatchHistory latest={sent?.id} />
    </>
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
