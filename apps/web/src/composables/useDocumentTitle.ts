import { watchEffect } from 'vue';
import { injectMyRooms } from './useMyRooms';

/** The page's title, led by the user's unread total over the rooms they did not mute: `(3) general · Parley`. */
export function useDocumentTitle(title: () => string): void {
  const myRooms = injectMyRooms();
  watchEffect(() => {
    const unread = myRooms?.value?.totals.value.unread ?? 0;
    document.title = `${unread > 0 ? `(${unread}) ` : ''}${title()}`;
  });
}
