import { html, nothing } from 'lit';
import { guard } from 'lit/directives/guard.js';
import type { ShowOrientation, ShowStatus } from '@live-shop/protocol';
import type { Translate } from '../i18n/controller.js';
import type { MessageKey } from '../i18n/keys.js';
import { STATUS_KEY, errorText } from '../shared/utils.js';
import type { MediaController, MediaProblem } from './media-controller.js';

const STAGE_SUB: Record<ShowStatus, MessageKey> = {
  scheduled: 'stageScheduled',
  starting: 'stageStarting',
  live: 'stageLive',
  reconnecting: 'stageReconnecting',
  ended: 'stageEnded',
};

const PUBLISH_TEXT: Partial<Record<string, MessageKey>> = {
  connecting: 'connectingVideo',
  publishing: 'streaming',
  reconnecting: 'videoReconnecting',
};

const PROBLEM: Record<Exclude<MediaProblem, ''>, MessageKey> = {
  unsupported: 'problemUnsupported',
  denied: 'problemDenied',
  'no-camera': 'problemNoCamera',
  failed: 'problemFailed',
};

/** Why the camera is not available, in `t`'s language ('' when it is). */
export function problemText(m: MediaController, t: Translate): string {
  return m.problem ? t(PROBLEM[m.problem], { reason: m.problemDetail }) : '';
}

/**
 * The camera preview (part `stage`): the video, or why there is none, with the show's status badge.
 * `picture` is what the preview plays: the host's program (their composited picture, what viewers
 * get), or a guest's own camera. It is given once per stream: a preview that switched streams at Go
 * live restarted its playback just as the show started.
 */
export function renderStage(m: MediaController, status: ShowStatus, t: Translate, picture: MediaStream | null) {
  return html`<div part="stage" role="region" aria-label=${t('videoPreview')}>
    ${
      m.stream && picture
        ? html`<video part="preview" class="preview" muted playsinline autoplay .srcObject=${guard([picture], () => picture)}></video>`
        : nothing
    }
    ${m.stream && m.cameraOff ? html`<p class="stage-sub camera-off">${t('cameraOff')}</p>` : nothing}
    <span class="badge ${status}">${t(STATUS_KEY[status])}</span>
    ${
      m.stream
        ? nothing
        : html`<p class="stage-title">${t('videoPreview')}</p>
          <p class="stage-sub">${problemText(m, t) || t(STAGE_SUB[status])}</p>
          ${m.problem ? html`<button class="ghost on-stage" @click=${() => void m.open()}>${t('tryAgain')}</button>` : nothing}`
    }
  </div>`;
}

const ORIENTATION_KEY: Record<ShowOrientation, MessageKey> = {
  landscape: 'orientationLandscape',
  portrait: 'orientationPortrait',
};

/** The host's choice of the show's orientation, made before going live. */
export interface OrientationChoice {
  value: ShowOrientation;
  disabled: boolean;
  onChange: (orientation: ShowOrientation) => void;
}

/** Mute camera / Mute microphone. */
export function renderToggles(m: MediaController, t: Translate) {
  return html`<button class="ghost toggle" aria-pressed=${m.cameraOff ? 'true' : 'false'} ?disabled=${!m.stream} @click=${() => m.toggle('camera')}>
      ${t('muteCamera')}
    </button>
    <button class="ghost toggle" aria-pressed=${m.micOff ? 'true' : 'false'} ?disabled=${!m.stream} @click=${() => m.toggle('mic')}>
      ${t('muteMicrophone')}
    </button>`;
}

/**
 * Camera and microphone pickers (part `devices`), with the orientation picker for a host and the
 * mute toggles unless the page puts them elsewhere (`toggles: false`).
 */
export function renderDevices(
  m: MediaController,
  t: Translate,
  { orientation, toggles = true }: { orientation?: OrientationChoice; toggles?: boolean } = {},
) {
  const options = (devices: MediaDeviceInfo[], selected: string, fallback: string) =>
    devices.length
      ? devices.map(
          (d, i) =>
            html`<option value=${d.deviceId} ?selected=${d.deviceId === selected}>${d.label || t('deviceNumber', { kind: fallback, n: i + 1 })}</option>`,
        )
      : html`<option value="">${t('noneFound')}</option>`;
  const picker = (kind: 'camera' | 'mic', label: string, devices: MediaDeviceInfo[], selected: string) =>
    html`<label>
      <span>${label}</span>
      <select ?disabled=${!devices.length} @change=${(e: Event) => void m.select(kind, (e.target as HTMLSelectElement).value)}>
        ${options(devices, selected, label)}
      </select>
    </label>`;
  return html`<div part="devices" class="devices">
    ${picker('camera', t('camera'), m.cameras, m.cameraId)} ${picker('mic', t('microphone'), m.mics, m.micId)}
    ${
      orientation
        ? html`<label>
          <span>${t('orientation')}</span>
          <select ?disabled=${orientation.disabled} @change=${(e: Event) => orientation.onChange((e.target as HTMLSelectElement).value as ShowOrientation)}>
            ${Object.entries(ORIENTATION_KEY).map(([value, key]) => html`<option value=${value} ?selected=${value === orientation.value}>${t(key)}</option>`)}
          </select>
        </label>`
        : nothing
    }
    ${toggles ? renderToggles(m, t) : nothing}
  </div>`;
}

/** Whether the camera is going out to the ingest now (or trying to). */
export function isPublishing(m: MediaController): boolean {
  const phase = m.publisher?.phase;
  return phase === 'connecting' || phase === 'publishing' || phase === 'reconnecting';
}

/** The streaming state (part `publish-state`): connecting, bitrate and backlog, falling behind, reconnecting, error. */
export function renderPublishState(m: MediaController, t: Translate) {
  const p = m.publisher;
  if (!p || p.phase === 'idle' || p.phase === 'stopped') return nothing;
  const stats = p.phase === 'publishing' ? p.stats : null;
  const key = PUBLISH_TEXT[p.phase];
  const text = p.phase === 'error' ? t('streamingStopped', { reason: errorText(p.error, t) }) : key ? t(key) : '';
  return html`<div part="publish-state" class="publish-state ${p.phase} ${stats?.behind ? 'behind' : ''}">
    <p role="status">${text}${stats?.behind ? html` — <strong>${t('uploadBehind')}</strong>` : nothing}</p>
    ${
      stats
        ? html`<span class="stats">${t('uploadStats', { rate: (stats.bitrate / 1e6).toFixed(1), backlog: stats.backlogSeconds.toFixed(1) })}</span>`
        : nothing
    }
  </div>`;
}
