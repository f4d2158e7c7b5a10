import type { Report, ReportPage, ReportStatus } from '@parley/contracts';
import { ref } from 'vue';
import type { ParleyApi, ReportQuery } from '../api/rest';
import { banRequest, type BanChoice } from '../moderation/choices';
import { useCursorPages } from './useCursorPages';
import { useModerationActions } from './useModerationActions';

/** Where reports come from: every room's (the admin page) or one room's (its settings). */
export interface ReportSource {
  list(query: ReportQuery): Promise<ReportPage>;
  resolve(id: string): Promise<Report>;
}

export function serverReports(api: Pick<ParleyApi, 'listReports' | 'resolveReport'>): ReportSource {
  return { list: (query) => api.listReports(query), resolve: (id) => api.resolveReport(id) };
}

export function roomReports(api: Pick<ParleyApi, 'listRoomReports' | 'resolveRoomReport'>, slug: string): ReportSource {
  return { list: (query) => api.listRoomReports(slug, query), resolve: (id) => api.resolveRoomReport(slug, id) };
}

export type ReportActionsApi = Pick<ParleyApi, 'deleteMessage' | 'ban'>;

/**
 * A queue of reports, open or resolved, page by page, and what a moderator does about one: resolve it, delete the
 * message (over REST: a server admin is not in the room's socket), or ban its author from the room.
 */
export function useReportQueue(source: ReportSource, api: ReportActionsApi) {
  const status = ref<ReportStatus>('open');
  const pages = useCursorPages<Report>(async (after) => {
    const page = await source.list({ status: status.value, after });
    return { items: page.reports, nextCursor: page.nextCursor };
  });
  const actions = useModerationActions();

  /** The open reports, or the resolved ones, from the newest page on. */
  async function show(next: ReportStatus): Promise<void> {
    status.value = next;
    await pages.reload();
  }

  function resolve(report: Report): Promise<boolean> {
    return actions.act(report.id, 'resolve the report', async () => {
      const resolved = await source.resolve(report.id);
      pages.update((shown) => (shown.id === resolved.id ? resolved : shown));
    });
  }

  /** Every report of the message shows its tombstone afterwards, as the room does. */
  function deleteMessage(report: Report): Promise<boolean> {
    const { message } = report;
    return actions.act(report.id, 'delete the message', async () => {
      await api.deleteMessage(report.room.slug, message.id);
      pages.update((shown) =>
        shown.message.id === message.id
          ? { ...shown, message: { ...shown.message, deleted: true, content: '', attachments: [] } }
          : shown,
      );
      return `The message from ${message.username} was deleted.`;
    });
  }

  /** Bans the message's author from the room; only registered authors can be banned (guests are not accounts). */
  function banAuthor(report: Report, choice: BanChoice): Promise<boolean> {
    const author = report.message.username;
    return actions.act(report.id, `ban ${author}`, async () => {
      await api.ban(report.room.slug, banRequest(author, choice));
      return `${author} is banned from ${report.room.name}.`;
    });
  }

  return {
    status,
    reports: pages.items,
    loading: pages.loading,
    loadError: pages.error,
    loaded: pages.loaded,
    hasMore: pages.hasMore,
    loadMore: pages.loadMore,
    acting: actions.acting,
    actionError: actions.actionError,
    notice: actions.notice,
    dismissNotice: actions.dismiss,
    show,
    resolve,
    deleteMessage,
    banAuthor,
  };
}

export type ReportQueue = ReturnType<typeof useReportQueue>;
