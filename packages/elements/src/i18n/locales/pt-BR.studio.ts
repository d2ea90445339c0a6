import type { StudioCatalog } from '../keys.js';

export default {
  deleteMessageFrom: 'Excluir a mensagem de {name}',
  deleteMessage: 'Excluir mensagem',
  moreActionsFor: 'Mais ações para a mensagem de {name}',
  moreActions: 'Mais ações',
  timeOutFor: 'Silenciar {name} por {duration}',
  ban: 'Banir {name}',
} satisfies StudioCatalog;
