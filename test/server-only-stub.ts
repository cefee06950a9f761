// Vitest runs server modules outside React's server graph, where the real 'server-only' throws.
export {};
