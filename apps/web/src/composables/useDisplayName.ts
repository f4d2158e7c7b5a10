import { normalizeUsername } from '@parley/contracts';
import { ref } from 'vue';

const STORAGE_KEY = 'parley.displayName';

function readStoredName(storage: Storage | undefined): string | null {
  try {
    return normalizeUsername(storage?.getItem(STORAGE_KEY) ?? '');
  } catch {
    return null; // Storage can be blocked (privacy settings); the user then picks a name each visit.
  }
}

/** The user's display name, remembered across visits in localStorage. */
export function useDisplayName(storage: Storage | undefined = globalThis.localStorage) {
  const displayName = ref<string | null>(readStoredName(storage));

  /** Saves the name when valid; returns the normalized name, or null when refused. */
  function setDisplayName(raw: string): string | null {
    const name = normalizeUsername(raw);
    if (name === null) return null;
    displayName.value = name;
    try {
      storage?.setItem(STORAGE_KEY, name);
    } catch {
      // Remembered for this visit only.
    }
    return name;
  }

  return { displayName, setDisplayName };
}
