import type { ChatMessage } from '@parley/contracts';
import { ref, shallowRef } from 'vue';
import { describeError, type ParleyApi } from '../api/rest';
import { useSubmission } from './useSubmission';

/**
 * Reporting a message of the room to its moderators: the message being reported (its dialog shows while there is
 * one), the trip to the server, and whether to say it went through.
 */
export function useMessageReport(slug: string, api: Pick<ParleyApi, 'reportMessage'>) {
  const target = shallowRef<ChatMessage | null>(null);
  /** The last report went through: the room says the moderators will see it. */
  const reported = ref(false);
  const submission = useSubmission(
    async (message: ChatMessage, reason: string) => {
      await api.reportMessage(slug, message.id, reason.trim());
    },
    (error) => `The report was not sent: ${describeError(error)}`,
  );

  function start(message: ChatMessage): void {
    target.value = message;
    reported.value = false;
    submission.failure.value = null;
  }

  function cancel(): void {
    target.value = null;
  }

  async function submit(reason: string): Promise<void> {
    const message = target.value;
    if (!message || !(await submission.submit(message, reason))) return;
    target.value = null;
    reported.value = true;
  }

  return {
    target,
    reported,
    pending: submission.pending,
    failure: submission.failure,
    start,
    cancel,
    submit,
    dismiss: (): void => {
      reported.value = false;
    },
  };
}

export type MessageReport = ReturnType<typeof useMessageReport>;
