import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// This file sits at src/http/ (tsx) and dist/http/ (built and installed): the package root is two up either way.
export const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
export const publicDir = fileURLToPath(new URL('../../public/', import.meta.url));
export const sdkDir = fileURLToPath(new URL('../../sdk/', import.meta.url));

export const serverVersion: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
