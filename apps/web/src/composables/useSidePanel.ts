import { ref, useId } from 'vue';

export type SidePanelKind = 'members' | 'settings';

/**
 * Which panel the side of a room shows besides who is here: one at a time, opened and closed by its button in the
 * room's header, which names it (aria-controls) by its id.
 */
export function useSidePanel() {
  const open = ref<SidePanelKind | null>(null);
  const ids: Readonly<Record<SidePanelKind, string>> = { members: useId(), settings: useId() };

  return {
    ids,
    isOpen: (panel: SidePanelKind): boolean => open.value === panel,
    toggle(panel: SidePanelKind): void {
      open.value = open.value === panel ? null : panel;
    },
  };
}

export type SidePanel = ReturnType<typeof useSidePanel>;
