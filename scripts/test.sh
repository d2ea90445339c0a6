#!/usr/bin/env bash
# `npm test`: system deps if missing, build, lint, then every suite (node on SQLite and on PostgreSQL, browser, end to end, packaging, size).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/system-deps.sh
npm run build
npm run lint
npm run test:node
npm run test:node:postgres
npm run test:elements
npm run test:e2e
npm run test:pack
npm run size
