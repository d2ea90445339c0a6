/**
 * The strings of the viewer's parts (chat, product card, player) in English: they come with the
 * parts' chunk, not in the first load. Same rules as `en.ts` (see DEVELOPERS.md); a key lives in
 * one catalog only.
 */
export const enParts = {
  onlyLeft: { one: 'Only {count} left', other: 'Only {count} left' },
  soldLastMinute: { one: '{count} sold in the last minute', other: '{count} sold in the last minute' },
  openingCheckout: 'Opening checkout…',
  // Flash deals (issue 15)
  listPrice: 'Was {price}',
  dealEndsIn: 'Ends in {time}',
  liveChat: 'Live chat',
  chatMessages: 'Chat messages',
  noMessages: 'No messages yet. Say hello!',
  verifiedMark: 'verified',
  timedOutUntil: "You're timed out until {time}",
  cantChat: "You can't chat in this show",
  slowModeWait: 'Slow mode: you can send again in {count} s',
  slowModeEvery: 'Slow mode: one message every {count} s',
  signInToChat: 'Sign in to chat',
  chatMessage: 'Chat message',
  chatClosed: 'Chat is closed',
  chatReadOnly: 'You can read the chat',
  saySomething: 'Say something…',
  pickName: 'Pick a display name',
  chattingAs: 'Chatting as',
  scheduledSub: 'Stay on this page: the show starts right here.',
  startingSub: 'The host is getting ready.',
  liveSub: 'The video is on its way.',
  reconnectingSub: 'The stream will resume in a moment.',
  showEnded: 'The show has ended',
  endedSub: 'Thanks for watching!',
  videoUnavailable: 'Video unavailable',
  videoUnavailableSub: 'This page cannot play the show’s video.',
  replayAvailable: 'The replay is available.',
  watchReplay: 'Watch the replay',
  tapToUnmute: 'Tap to unmute',
  timeOf: '{time} of {duration}',
  chatAnnounce: { one: '{name}: {text}', other: '{count} new messages. Latest, {name}: {text}' },
} as const;
