import { describe, expect, it } from 'vitest';
import { chatMessage, member, report, roomSummary } from '../testing/factories';
import { FakeParleyApi } from '../testing/fakeParleyApi';
import { roomReports, serverReports, useReportQueue } from './useReportQueue';

function setup() {
  const api = new FakeParleyApi();
  api.reports.push(
    report('r-1', 1),
    report('r-2', 2, { room: { slug: 'team', name: 'Team' } }),
    report('r-3', 3, { status: 'resolved', resolvedBy: 'ali' }),
  );
  return { api, queue: useReportQueue(serverReports(api), api) };
}

const idsOf = (queue: ReturnType<typeof setup>['queue']) => queue.reports.value.map((shown) => shown.id);

describe('useReportQueue', () => {
  it('shows the open reports of every room, or the resolved ones', async () => {
    const { api, queue } = setup();
    await queue.show('open');
    expect(idsOf(queue)).toEqual(['r-1', 'r-2']);
    await queue.show('resolved');
    expect(idsOf(queue)).toEqual(['r-3']);
    expect(api.calls).toEqual(['listReports open', 'listReports resolved']);
  });

  it("keeps to one room's reports, and resolves them there", async () => {
    const { api } = setup();
    const queue = useReportQueue(roomReports(api, 'team'), api);
    await queue.show('open');
    expect(idsOf(queue)).toEqual(['r-2']);
    await queue.resolve(queue.reports.value[0]!);
    expect(api.calls).toEqual(['listRoomReports team open', 'resolveRoomReport team r-2']);
    expect(queue.reports.value[0]).toMatchObject({ status: 'resolved', resolvedBy: 'ali' });
  });

  it('resolves a report and shows it resolved in its place', async () => {
    const { api, queue } = setup();
    await queue.show('open');
    expect(await queue.resolve(queue.reports.value[0]!)).toBe(true);
    expect(api.calls).toContain('resolveReport r-1');
    expect(queue.reports.value.map((shown) => shown.status)).toEqual(['resolved', 'open']);
  });

  it('deletes the message over REST, and every report of it shows the tombstone', async () => {
    const { api, queue } = setup();
    const message = chatMessage(7, { username: 'bea', userId: 'user-bea', content: 'spam' });
    api.reports.splice(0, api.reports.length, report('r-1', 7, { message }), report('r-2', 7, { message }));
    await queue.show('open');
    await queue.deleteMessage(queue.reports.value[0]!);

    expect(api.calls).toContain('deleteMessage general id-7');
    expect(queue.reports.value.map((shown) => [shown.message.deleted, shown.message.content])).toEqual([
      [true, ''],
      [true, ''],
    ]);
    expect(queue.notice.value).toBe('The message from bea was deleted.');
  });

  it("bans the message's author from its room, with the reason given", async () => {
    const { api, queue } = setup();
    api.addRoom(roomSummary('general', { name: 'General' }), [member('ali', 'owner'), member('bea')]);
    await queue.show('open');
    await queue.banAuthor(queue.reports.value[0]!, { reason: 'spam' });
    expect(api.calls).toContain('ban general bea spam');
    expect(queue.notice.value).toBe('bea is banned from General.');
  });
});
