import type { CSSResult } from 'lit';
import { phoneStyles } from './phone.styles.js';
import { stageStyles } from './stage.styles.js';

/**
 * The viewer's stage (video, cards, reactions, chat) in its wide and phone layouts: a chunk the
 * viewer loads with its parts (define.js provides it at once), as nothing of the stage is drawn
 * before they are here.
 */
export const stageLayout: readonly CSSResult[] = [stageStyles, phoneStyles];
