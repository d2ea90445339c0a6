import type { StudioCatalog } from '../keys.js';

export default {
  deleteMessageFrom: '{name}さんのメッセージを削除',
  deleteMessage: 'メッセージを削除',
  moreActionsFor: '{name}さんのメッセージのその他の操作',
  moreActions: 'その他の操作',
  timeOutFor: '{name}さんを{duration}制限',
  ban: '{name}さんをブロック',
} satisfies StudioCatalog;
