import { onScopeDispose, ref, type Ref } from 'vue';

/** Whether the page is on screen (not a background tab, not minimised), kept current. */
export function usePageVisible(doc: Document = document): Readonly<Ref<boolean>> {
  const visible = ref(doc.visibilityState === 'visible');
  const update = () => (visible.value = doc.visibilityState === 'visible');
  doc.addEventListener('visibilitychange', update);
  onScopeDispose(() => doc.removeEventListener('visibilitychange', update));
  return visible;
}
