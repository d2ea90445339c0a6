#!/usr/bin/env bash
# Installs the system packages the tests need (Chromium, ffmpeg, PostgreSQL, Redis, nginx, an emoji font) when they are missing (apt-get as root; otherwise says what to run).
set -euo pipefail

missing=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
# The local video provider (and its tests) encode with ffmpeg: x264, AAC, opus/vpx decoding.
{ [ -n "${FFMPEG_PATH:-}" ] && [ -x "$FFMPEG_PATH" ]; } || command -v ffmpeg >/dev/null || missing+=(ffmpeg)
# The server suite runs a second time on a throwaway PostgreSQL (scripts/with-services.mjs starts it).
command -v initdb >/dev/null || compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
# …and the multi-node tests share a throwaway Redis.
command -v redis-server >/dev/null || missing+=(redis-server)
# The CDN test runs docs/deploying.md's nginx configuration in front of /hls.
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
# Reaction buttons are emoji: without a color emoji font Chromium draws empty boxes (README screenshots).
compgen -G '/usr/share/fonts/truetype/noto/NotoColorEmoji*' >/dev/null || missing+=(fonts-noto-color-emoji)

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "live-shop: installing ${missing[*]} (apt-get)…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "live-shop: the tests need ${missing[*]}. Install with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
