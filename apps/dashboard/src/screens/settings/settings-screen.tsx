import { $api } from '../../api/client';
import { ScreenHeading } from '../../ui/screen-heading';
import { LoadError, Loading } from '../../ui/states';
import { AiSettingsForm } from './ai-settings-form';
import { AutoReplyForm } from './auto-reply-form';
import { TestPrompt } from './test-prompt';

/** /settings: who answers incoming texts: AI (GET/POST /api/ai/config), the fixed auto-reply, and a try-out box. */
export function SettingsScreen() {
  const ai = $api.useQuery('get', '/api/ai/config');
  const autoReply = $api.useQuery('get', '/api/auto-reply/config');

  return (
    <>
      <ScreenHeading title="Settings" />
      <p>
        Incoming texts get at most one automatic answer: AI when it is on and can run, else the auto-reply. STOP, START
        and HELP are always answered first.
      </p>
      {ai.isPending ? (
        <Loading what="the AI settings" />
      ) : ai.isError ? (
        <LoadError what="the AI settings" error={ai.error} retry={() => void ai.refetch()} />
      ) : (
        <AiSettingsForm config={ai.data} />
      )}
      {autoReply.isPending ? (
        <Loading what="the auto-reply" />
      ) : autoReply.isError ? (
        <LoadError what="the auto-reply" error={autoReply.error} retry={() => void autoReply.refetch()} />
      ) : (
        <AutoReplyForm config={autoReply.data} aiActive={ai.data?.active ?? false} />
      )}
      <TestPrompt />
    </>
  );
}
