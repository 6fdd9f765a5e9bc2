/**
 * The renderer's single door to electron/contract (the typed channels, the client and its
 * transports). Everything else in renderer/ imports from here, never from electron/ directly.
 */
export * from '../../../electron/contract/index.ts';
