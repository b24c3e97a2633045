import type { components } from '../../api/schema';

type Status = components['schemas']['BusinessResponse']['status'];

/** Active or suspended, in words: a suspended business's numbers get no replies and its keys are refused. */
export function BusinessStatusBadge({ status }: { status: Status }) {
  return status === 'active' ? (
    <span className="badge badge-ok">Active</span>
  ) : (
    <span className="badge badge-bad">Suspended</span>
  );
}
