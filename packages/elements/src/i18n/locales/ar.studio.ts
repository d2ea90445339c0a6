import type { StudioCatalog } from '../keys.js';

export default {
  deleteMessageFrom: 'حذف رسالة {name}',
  deleteMessage: 'حذف الرسالة',
  moreActionsFor: 'إجراءات أخرى لرسالة {name}',
  moreActions: 'إجراءات أخرى',
  timeOutFor: 'إيقاف {name} مؤقتًا لمدة {duration}',
  ban: 'حظر {name}',
} satisfies StudioCatalog;
