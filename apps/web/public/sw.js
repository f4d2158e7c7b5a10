// Parley's service worker: shows a Web Push (docs/protocol.md, Notifications) as a notification while no Parley tab
// is visible, and opens the room at the message when it is clicked. It caches nothing.

self.addEventListener('push', (event) => {
  if (!event.data) return;
  const push = event.data.json();
  event.waitUntil(show(push));
});

async function show(push) {
  const tabs = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  // A visible tab raises its own notification from the page (or shows the room already).
  if (tabs.some((tab) => tab.visibilityState === 'visible')) return;
  const more = push.more ? ` (+${push.more} more)` : '';
  await self.registration.showNotification(push.room.kind === 'dm' ? push.from : `${push.from} in ${push.room.name}`, {
    body: `${push.body}${more}`,
    tag: `parley:${push.room.slug}`,
    data: { path: `/chat/${encodeURIComponent(push.room.slug)}?at=${push.seq}` },
  });
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(open(event.notification.data?.path ?? '/'));
});

async function open(path) {
  const url = new URL(path, self.location.origin).href;
  const tabs = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const tab = tabs[0];
  if (tab) {
    await tab.focus();
    await tab.navigate(url);
    return;
  }
  await self.clients.openWindow(url);
}
