/** The search operators of docs/protocol.md (Search), as the search field offers them. */
export const SEARCH_OPERATORS = [
  { insert: '"', example: '"exact phrase"', meaning: 'these words, in this order' },
  { insert: 'from:', example: 'from:name', meaning: 'sent by this user or guest' },
  { insert: 'in:', example: 'in:room', meaning: 'in this room only' },
  { insert: 'after:', example: 'after:2026-01-31', meaning: 'sent after this day' },
  { insert: 'before:', example: 'before:2026-01-31', meaning: 'sent before this day' },
] as const;
