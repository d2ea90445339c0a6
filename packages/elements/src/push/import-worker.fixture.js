// Test fixture: the one-line worker embedding.md suggests, with the SDK's URL from its own query string.
self.importScripts(new URL(self.location.href).searchParams.get('sdk'));
