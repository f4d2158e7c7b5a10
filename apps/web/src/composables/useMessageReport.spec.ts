import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/rest';
import { chatMessage } from '../testing/factories';
import { FakeParleyApi } from '../testing/fakeParleyApi';
import { useMessageReport } from './useMessageReport';

describe('useMessageReport', () => {
  it('reports the message with the reason trimmed, then says it went through', async () => {
    const api = new FakeParleyApi();
    const reporting = useMessageReport('general', api);
    reporting.start(chatMessage(4));
    await reporting.submit('  rude  ');

    expect(api.reported).toEqual(['general id-4 rude']);
    expect(reporting.target.value).toBeNull();
    expect(reporting.reported.value).toBe(true);
  });

  it('keeps the dialog with the reason of a refusal, and nothing said reported', async () => {
    const api = new FakeParleyApi();
    const reporting = useMessageReport('general', api);
    reporting.start(chatMessage(4));
    api.refuseNext = new ApiError(403, 'Guests cannot report');
    await reporting.submit('rude');

    expect(reporting.target.value?.id).toBe('id-4');
    expect(reporting.failure.value).toBe('The report was not sent: Guests cannot report');
    expect(reporting.reported.value).toBe(false);

    reporting.cancel();
    reporting.start(chatMessage(5));
    expect(reporting.failure.value).toBeNull();
  });
});
