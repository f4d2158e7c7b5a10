import { CreateRoomsAndMessages1764050000000 } from './1764050000000-create-rooms-and-messages.js';
import { Accounts1764600000000 } from './1764600000000-accounts.js';
import { PrivateRoomsAndMembers1764700000000 } from './1764700000000-private-rooms-and-members.js';
import { MessagesThatLive1764800000000 } from './1764800000000-messages-that-live.js';
import { ExactResendKeys1765000000000 } from './1765000000000-exact-resend-keys.js';
import { RefreshGenerations1765100000000 } from './1765100000000-refresh-generations.js';
import { Search1765200000000 } from './1765200000000-search.js';
import { Attachments1765300000000 } from './1765300000000-attachments.js';
import { Notifications1765400000000 } from './1765400000000-notifications.js';
import { Moderation1765500000000 } from './1765500000000-moderation.js';

/** Listed explicitly: the built app is ES modules, where TypeORM's glob loading does not apply. */
export const migrations = [
  CreateRoomsAndMessages1764050000000,
  Accounts1764600000000,
  PrivateRoomsAndMembers1764700000000,
  MessagesThatLive1764800000000,
  ExactResendKeys1765000000000,
  RefreshGenerations1765100000000,
  Search1765200000000,
  Attachments1765300000000,
  Notifications1765400000000,
  Moderation1765500000000,
];
