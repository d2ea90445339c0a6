import type { StudioCatalog } from '../keys.js';

export default {
  deleteMessageFrom: 'Supprimer le message de {name}',
  deleteMessage: 'Supprimer le message',
  moreActionsFor: 'Autres actions pour le message de {name}',
  moreActions: 'Autres actions',
  timeOutFor: 'Mettre {name} en sourdine pendant {duration}',
  ban: 'Bannir {name}',
} satisfies StudioCatalog;
