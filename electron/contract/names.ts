/**
 * The names of every IPC channel and event, and nothing else. The sandboxed preload imports only
 * this file (it is bundled to one CommonJS file; pulling zod in would be dead weight there), and
 * channels.ts is checked against it at compile time, so a channel cannot exist in one and not the
 * other.
 */
export const CHANNEL_NAMES = [
  'app:info',
  'connections:list',
  'connections:add',
  'connections:update',
  'connections:remove',
  'connections:test',
  'connections:setCredentials',
  'connections:deleteCredentials',
  'connections:credentialStatus',
  'demo:open',
  'sync:start',
  'sync:cancel',
  'sync:job',
  'sync:coverage',
  'sync:status',
  'reconcile:run',
  'reconcile:summary',
  'reconcile:rows',
  'reconcile:keys',
  'reconcile:describe',
  'review:set',
  'review:history',
  'review:readiness',
  'review:signoff',
  'review:signoffs',
  'review:log',
  'review:verify',
  'identity:get',
  'identity:rename',
  'export:run',
  'export:showInFolder',
  'countersign:openWorkbook',
  'countersign:sign',
  'countersign:openFile',
  'countersign:import',
  'settings:get',
  'settings:set',
  'close:overview',
] as const;

export type Channel = (typeof CHANNEL_NAMES)[number];

export const EVENT_NAMES = ['sync:onDidProgress', 'export:onDidProgress', 'menu:onDidInvoke'] as const;

export type EventName = (typeof EVENT_NAMES)[number];

export function isChannel(name: string): name is Channel {
  return CHANNEL_NAMES.some((channel) => channel === name);
}

export function isEventName(name: string): name is EventName {
  return EVENT_NAMES.some((event) => event === name);
}
