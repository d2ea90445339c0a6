/**
 * The staff side's strings in English (studio, its panels, the chat's moderation actions): loaded
 * with the studio or the moderation actions, never by a shopper. Same rules as en.ts.
 */
export const enStudio = {
  // Chat moderation actions
  deleteMessageFrom: 'Delete message from {name}',
  deleteMessage: 'Delete message',
  moreActionsFor: 'More actions for message from {name}',
  moreActions: 'More actions',
  timeOutFor: 'Time out {name} for {duration}',
  ban: 'Ban {name}',
} as const;
