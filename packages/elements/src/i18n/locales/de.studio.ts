import type { StudioCatalog } from '../keys.js';

export default {
  deleteMessageFrom: 'Nachricht von {name} löschen',
  deleteMessage: 'Nachricht löschen',
  moreActionsFor: 'Weitere Aktionen für die Nachricht von {name}',
  moreActions: 'Weitere Aktionen',
  timeOutFor: '{name} für {duration} stummschalten',
  ban: '{name} sperren',
} satisfies StudioCatalog;
