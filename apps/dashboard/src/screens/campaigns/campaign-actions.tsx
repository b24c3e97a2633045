import { useNavigate } from 'react-router';
import { $api } from '../../api/client';
import { describeError } from '../../api/errors';
import type { components } from '../../api/schema';
import { useCampaignMoved } from './use-campaign-moved';

type Campaign = components['schemas']['CampaignResponse'];

/**
 * The moves the campaign's status allows. The API is the judge (409 with its reason for a move
 * that no longer applies, as when another tab moved it first), and its words are shown.
 */
export function CampaignActions({ campaign }: { campaign: Campaign }) {
  const navigate = useNavigate();
  const moved = useCampaignMoved();
  const path = { params: { path: { id: campaign.id } } };
  const options = { onSuccess: moved };
  const launch = $api.useMutation('post', '/api/campaigns/{id}/launch', options);
  const pause = $api.useMutation('post', '/api/campaigns/{id}/pause', options);
  const resume = $api.useMutation('post', '/api/campaigns/{id}/resume', options);
  const cancel = $api.useMutation('post', '/api/campaigns/{id}/cancel', options);
  const remove = $api.useMutation('delete', '/api/campaigns/{id}', {
    onSuccess: () => {
      moved();
      void navigate('/campaigns', { replace: true });
    },
  });
  const all = [launch, pause, resume, cancel, remove];
  const busy = all.some((m) => m.isPending);
  const failed = all.find((m) => m.isError);
  const { status } = campaign;

  return (
    <div className="actions">
      <div className="action-buttons">
        {status === 'draft' ? (
          <button type="button" disabled={busy} onClick={() => launch.mutate(path)}>
            {campaign.sendAt ? 'Schedule' : 'Launch'}
          </button>
        ) : null}
        {status === 'running' ? (
          <button type="button" disabled={busy} onClick={() => pause.mutate(path)}>
            Pause
          </button>
        ) : null}
        {status === 'paused' ? (
          <button type="button" disabled={busy} onClick={() => resume.mutate(path)}>
            Resume
          </button>
        ) : null}
        {status === 'scheduled' || status === 'running' || status === 'paused' ? (
          <button
            type="button"
            className="danger"
            disabled={busy}
            onClick={() => {
              if (window.confirm('Cancel this campaign? Recipients not texted yet will not be.')) cancel.mutate(path);
            }}
          >
            Cancel campaign
          </button>
        ) : null}
        <button
          type="button"
          className="danger"
          disabled={busy}
          onClick={() => {
            if (window.confirm('Delete this campaign and its recipient list? Its texts stay in the conversations.'))
              remove.mutate(path);
          }}
        >
          Delete
        </button>
      </div>
      {failed ? (
        <p className="notice notice-error" role="alert">
          Not done: {describeError(failed.error)}
        </p>
      ) : null}
    </div>
  );
}
