// The storefront's own build: React through @vitejs/plugin-react; the live-shop elements come in as npm packages.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({ plugins: [react()] });
