import type { ParleyApi } from '../api/rest';
import { base64UrlToBytes } from './desktop';

type PushApi = Pick<ParleyApi, 'pushKey' | 'subscribePush' | 'unsubscribePush'>;

/** Whether this browser can take pushes at all (a service worker and the Push API, in a secure context). */
export function pushSupported(): boolean {
  return 'serviceWorker' in navigator && 'PushManager' in window && window.isSecureContext;
}

async function registration(): Promise<ServiceWorkerRegistration> {
  await navigator.serviceWorker.register('/sw.js', { scope: '/' });
  return navigator.serviceWorker.ready;
}

/**
 * Subscribes this browser to pushes for the signed-in session (the service worker shows them while Parley is closed).
 * Throws with the reason when the browser or the server cannot.
 */
export async function subscribeToPush(api: PushApi): Promise<void> {
  if (!pushSupported()) throw new Error('this browser cannot receive pushes');
  const { publicKey } = await api.pushKey();
  const worker = await registration();
  const subscription =
    (await worker.pushManager.getSubscription()) ??
    (await worker.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: base64UrlToBytes(publicKey) }));
  await api.subscribePush(subscription.toJSON() as Parameters<PushApi['subscribePush']>[0]);
}

/** This browser's push subscription, if it has one and may still show notifications. */
async function currentSubscription(): Promise<PushSubscription | null> {
  if (!pushSupported() || Notification.permission !== 'granted') return null;
  const worker = await navigator.serviceWorker.getRegistration('/');
  return (await worker?.pushManager.getSubscription()) ?? null;
}

export async function hasPushSubscription(): Promise<boolean> {
  return (await currentSubscription()) !== null;
}

/** This browser's subscription, if any, given again to the session now signed in (the last one's went with it). */
export async function renewPushSubscription(api: PushApi): Promise<void> {
  const subscription = await currentSubscription();
  if (subscription) await api.subscribePush(subscription.toJSON() as Parameters<PushApi['subscribePush']>[0]);
}

/** No more pushes to this browser. */
export async function unsubscribeFromPush(api: PushApi): Promise<void> {
  const subscription = await currentSubscription();
  if (!subscription) return;
  await api.unsubscribePush(subscription.endpoint);
  await subscription.unsubscribe();
}
