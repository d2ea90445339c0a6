import type { StudioCatalog } from '../keys.js';

export default {
  deleteMessageFrom: 'Eliminar el mensaje de {name}',
  deleteMessage: 'Eliminar mensaje',
  moreActionsFor: 'Más acciones para el mensaje de {name}',
  moreActions: 'Más acciones',
  timeOutFor: 'Silenciar a {name} durante {duration}',
  ban: 'Bloquear a {name}',
} satisfies StudioCatalog;
