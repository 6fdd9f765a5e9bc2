export class ConnectionError extends Error {
  override name = 'ConnectionError';
}
