import { html, nothing } from 'lit';
import { guard } from 'lit/directives/guard.js';
import type { ShowOrientation, ShowStatus } from '@live-shop/protocol';
import { STATUS_LABEL, errorText } from '../shared/utils.js';
import type { MediaController } from './media-controller.js';

const STAGE_SUB = {
  scheduled: 'Not live yet. Press Go live when you are ready.',
  starting: 'Going live…',
  live: 'You are live.',
  reconnecting: 'The stream dropped; viewers see “Reconnecting…”.',
  ended: 'The show has ended.',
} as const;

const PUBLISH_TEXT = {
  idle: '',
  stopped: '',
  connecting: 'Connecting to the video server…',
  publishing: 'Streaming',
  reconnecting: 'Connection to the video server lost. Reconnecting…',
  error: '',
} as const;

/**
 * The camera preview (part `stage`): the video, or why there is none, with the show's status badge.
 * `picture` is what the preview plays: the host's program (their composited picture, what viewers
 * get), or a guest's own camera. It is given once per stream: a preview that switched streams at Go
 * live restarted its playback just as the show started.
 */
export function renderStage(m: MediaController, status: ShowStatus, picture: MediaStream | null) {
  return html`<div part="stage" role="region" aria-label="Video preview">
    ${
      m.stream && picture
        ? html`<video part="preview" class="preview" muted playsinline autoplay .srcObject=${guard([picture], () => picture)}></video>`
        : nothing
    }
    ${m.stream && m.cameraOff ? html`<p class="stage-sub camera-off">Camera off</p>` : nothing}
    <span class="badge ${status}">${STATUS_LABEL[status]}</span>
    ${
      m.stream
        ? nothing
        : html`<p class="stage-title">Video preview</p>
          <p class="stage-sub">${m.problemText || STAGE_SUB[status]}</p>
          ${m.problem ? html`<button class="ghost on-stage" @click=${() => void m.open()}>Try again</button>` : nothing}`
    }
  </div>`;
}

const ORIENTATION_TEXT: Record<ShowOrientation, string> = {
  landscape: 'Landscape (16:9)',
  portrait: 'Portrait (9:16)',
};

/** The host's choice of the show's orientation, made before going live. */
export interface OrientationChoice {
  value: ShowOrientation;
  disabled: boolean;
  onChange: (orientation: ShowOrientation) => void;
}

/** Mute camera / Mute microphone. */
export function renderToggles(m: MediaController) {
  return html`<button class="ghost toggle" aria-pressed=${m.cameraOff ? 'true' : 'false'} ?disabled=${!m.stream} @click=${() => m.toggle('camera')}>
      Mute camera
    </button>
    <button class="ghost toggle" aria-pressed=${m.micOff ? 'true' : 'false'} ?disabled=${!m.stream} @click=${() => m.toggle('mic')}>
      Mute microphone
    </button>`;
}

/**
 * Camera and microphone pickers (part `devices`), with the orientation picker for a host and the
 * mute toggles unless the page puts them elsewhere (`toggles: false`).
 */
export function renderDevices(
  m: MediaController,
  { orientation, toggles = true }: { orientation?: OrientationChoice; toggles?: boolean } = {},
) {
  const options = (devices: MediaDeviceInfo[], selected: string, fallback: string) =>
    devices.length
      ? devices.map(
          (d, i) =>
            html`<option value=${d.deviceId} ?selected=${d.deviceId === selected}>${d.label || `${fallback} ${i + 1}`}</option>`,
        )
      : html`<option value="">None found</option>`;
  const picker = (kind: 'camera' | 'mic', label: string, devices: MediaDeviceInfo[], selected: string) =>
    html`<label>
      <span>${label}</span>
      <select ?disabled=${!devices.length} @change=${(e: Event) => void m.select(kind, (e.target as HTMLSelectElement).value)}>
        ${options(devices, selected, label)}
      </select>
    </label>`;
  return html`<div part="devices" class="devices">
    ${picker('camera', 'Camera', m.cameras, m.cameraId)} ${picker('mic', 'Microphone', m.mics, m.micId)}
    ${
      orientation
        ? html`<label>
          <span>Orientation</span>
          <select ?disabled=${orientation.disabled} @change=${(e: Event) => orientation.onChange((e.target as HTMLSelectElement).value as ShowOrientation)}>
            ${Object.entries(ORIENTATION_TEXT).map(([value, text]) => html`<option value=${value} ?selected=${value === orientation.value}>${text}</option>`)}
          </select>
        </label>`
        : nothing
    }
    ${toggles ? renderToggles(m) : nothing}
  </div>`;
}

/** Whether the camera is going out to the ingest now (or trying to). */
export function isPublishing(m: MediaController): boolean {
  const phase = m.publisher?.phase;
  return phase === 'connecting' || phase === 'publishing' || phase === 'reconnecting';
}

/** The streaming state (part `publish-state`): connecting, bitrate and backlog, falling behind, reconnecting, error. */
export function renderPublishState(m: MediaController) {
  const p = m.publisher;
  if (!p || p.phase === 'idle' || p.phase === 'stopped') return nothing;
  const stats = p.phase === 'publishing' ? p.stats : null;
  const text = p.phase === 'error' ? `Streaming stopped: ${errorText(p.error)}` : PUBLISH_TEXT[p.phase];
  return html`<div part="publish-state" class="publish-state ${p.phase} ${stats?.behind ? 'behind' : ''}">
    <p role="status">${text}${stats?.behind ? html` — <strong>Your upload is falling behind</strong>` : nothing}</p>
    ${
      stats
        ? html`<span class="stats">${(stats.bitrate / 1e6).toFixed(1)} Mbps · backlog ${stats.backlogSeconds.toFixed(1)} s</span>`
        : nothing
    }
  </div>`;
}
