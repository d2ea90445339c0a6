import type { ChatMessage } from '@live-shop/protocol';

/** Collects chat per show and hands it over as one array at most `delayMs` after the first message. */
export class ChatBatcher {
  private readonly pending = new Map<string, { messages: ChatMessage[]; timer: NodeJS.Timeout }>();

  constructor(
    private readonly delayMs: number,
    private readonly deliver: (showId: string, messages: ChatMessage[]) => void,
  ) {}

  add(showId: string, message: ChatMessage): void {
    const batch = this.pending.get(showId);
    if (batch) {
      batch.messages.push(message);
      return;
    }
    const timer = setTimeout(() => this.flush(showId), this.delayMs);
    this.pending.set(showId, { messages: [message], timer });
  }

  /** Sends what is pending now, e.g. before a deletion so clients never see a message after its `chat:deleted`. */
  flush(showId: string): void {
    const batch = this.pending.get(showId);
    if (!batch) return;
    clearTimeout(batch.timer);
    this.pending.delete(showId);
    this.deliver(showId, batch.messages);
  }

  flushAll(): void {
    for (const showId of [...this.pending.keys()]) this.flush(showId);
  }
}
