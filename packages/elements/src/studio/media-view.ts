import { html, nothing } from 'lit';
import { guard } from 'lit/directives/guard.js';
import type { ShowStatus } from '@live-shop/protocol';
import { english } from '../i18n/controller.js';
import { STATUS_KEY, errorText } from '../shared/utils.js';
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
 * `program` (the host's composited picture) is shown instead of the bare camera when there is one.
 */
export function renderStage(m: MediaController, status: ShowStatus, program: MediaStream | null = null) {
  return html`<div part="stage" role="region" aria-label="Video preview">
    ${
      m.stream
        ? html`<video part="preview" class="preview" muted playsinline autoplay .srcObject=${guard([program ?? m.stream], () => program ?? m.stream)}></video>`
        : nothing
    }
    ${m.stream && m.cameraOff ? html`<p class="stage-sub camera-off">Camera off</p>` : nothing}
    <span class="badge ${status}">${english(STATUS_KEY[status])}</span>
    ${
      m.stream
        ? nothing
        : html`<p class="stage-title">Video preview</p>
          <p class="stage-sub">${m.problemText || STAGE_SUB[status]}</p>
          ${m.problem ? html`<button class="ghost on-stage" @click=${() => void m.open()}>Try again</button>` : nothing}`
    }
  </div>`;
}

/** Camera and microphone pickers and mute toggles (part `devices`). */
export function renderDevices(m: MediaController) {
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
    <button class="ghost toggle" aria-pressed=${m.cameraOff ? 'true' : 'false'} ?disabled=${!m.stream} @click=${() => m.toggle('camera')}>
      Mute camera
    </button>
    <button class="ghost toggle" aria-pressed=${m.micOff ? 'true' : 'false'} ?disabled=${!m.stream} @click=${() => m.toggle('mic')}>
      Mute microphone
    </button>
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
