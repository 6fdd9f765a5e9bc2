/**
 * connections:* — the connection list, edits, and credentials. Credentials are write-only from
 * the window's side: values go into the secret store, bound to the origin of the connection's
 * address, and only booleans ever come back. A credential bound to another origin counts as not
 * set (the window asks for it again); changing the address to another origin clears them.
 */
import {
  addConnection,
  connectionInputOf,
  getConnection,
  listConnections,
  removeConnection,
  setConnectionUrl,
  toleranceToMinor,
  updateConnection,
  type Connection,
  type ConnectionPatch,
} from '../core/connections/index.ts';
import { currencyExponent, formatMinor } from '../core/money/index.ts';
import { saveTolerance } from '../core/review/index.ts';
import { originOf, type Credential, type SecretField } from '../core/secrets.ts';
import { ContractError, type ConnectionView, type CredentialStatus, type HandlerOutput, type ParsedInput } from '../contract/index.ts';
import type { HandlerContext } from './context.ts';

export function requiredFields(kind: Connection['kind']): SecretField[] {
  return kind === 'portal' ? ['token', 'apiKey'] : ['apiKey'];
}

export async function credentialStatus(ctx: HandlerContext, connection: Connection): Promise<CredentialStatus> {
  const [token, apiKey, protection] = await Promise.all([
    connection.kind === 'portal' ? ctx.secrets.get(connection.name, 'token') : Promise.resolve(undefined),
    ctx.secrets.get(connection.name, 'apiKey'),
    ctx.deps.platform.secretProtection(),
  ]);
  const origin = originOf(connection.baseUrl);
  const usable = (credential: Credential | undefined): boolean => credential !== undefined && credential.origin === origin;
  return { hasToken: usable(token), hasApiKey: usable(apiKey), required: requiredFields(connection.kind), protection };
}

export async function toView(ctx: HandlerContext, connection: Connection): Promise<ConnectionView> {
  const tolerance = ctx.deps.reviews.savedTolerance(connection);
  return {
    id: connection.id,
    name: connection.name,
    kind: connection.kind,
    baseUrl: connection.baseUrl,
    tenant: connection.tenant,
    currency: connection.currency,
    toleranceAbs: connection.currency ? formatMinor(tolerance.absMinor, currencyExponent(connection.currency)) : '0',
    tolerancePct: tolerance.pct,
    createdAt: connection.createdAt,
    credentials: await credentialStatus(ctx, connection),
  };
}

export function connectionHandlers(ctx: HandlerContext, isBusy: (name: string) => boolean) {
  const { db, clock, platform } = ctx.deps;
  return {
    async 'connections:list'(): Promise<HandlerOutput<'connections:list'>> {
      return Promise.all(listConnections(db).map((c) => toView(ctx, c)));
    },

    async 'connections:add'(input: ParsedInput<'connections:add'>): Promise<HandlerOutput<'connections:add'>> {
      return toView(ctx, addConnection(db, connectionInputOf(input), clock));
    },

    async 'connections:update'(input: ParsedInput<'connections:update'>): Promise<HandlerOutput<'connections:update'>> {
      const current = getConnection(db, input.name);
      const { patch } = input;
      if (patch.baseUrl !== undefined) {
        if (isBusy(input.name)) throw new ContractError('conflict', `"${input.name}" is syncing right now. Cancel the sync first, then change its address.`);
        const change = setConnectionUrl(db, input.name, patch.baseUrl, { audit: ctx.deps.reviews });
        // Credentials belong to the origin they were entered for: never carried to another one.
        if (change.originChanged) await ctx.secrets.delete(input.name);
      }
      const next: ConnectionPatch = {};
      if (patch.tenant !== undefined) next.tenant = patch.tenant;
      if (patch.currency !== undefined) next.currency = patch.currency;
      const tolerance = {
        ...(patch.toleranceAbs !== undefined ? { absMinor: toleranceToMinor(patch.toleranceAbs, patch.currency ?? current.currency) } : {}),
        ...(patch.tolerancePct !== undefined ? { pct: patch.tolerancePct } : {}),
      };
      // The tolerance is already checked (toleranceToMinor, the contract's decimal): it is saved once the rest is.
      const updated = updateConnection(db, input.name, next);
      if (tolerance.absMinor !== undefined || tolerance.pct !== undefined) saveTolerance(ctx.deps, updated.name, tolerance);
      return toView(ctx, updated);
    },

    async 'connections:remove'(input: ParsedInput<'connections:remove'>): Promise<HandlerOutput<'connections:remove'>> {
      if (isBusy(input.name)) {
        throw new ContractError('conflict', `"${input.name}" is syncing right now. Cancel the sync first, then remove the connection.`);
      }
      removeConnection(db, input.name);
      // The secrets go with the connection: a later connection of the same name starts clean.
      await ctx.secrets.delete(input.name);
      return { removed: true };
    },

    async 'connections:setCredentials'(input: ParsedInput<'connections:setCredentials'>): Promise<HandlerOutput<'connections:setCredentials'>> {
      const connection = getConnection(db, input.name);
      if (connection.kind === 'payg' && input.token !== undefined) {
        throw new ContractError('invalid_input', 'A PAYG connection uses an API key only (sent as the Bearer key); leave the token empty.');
      }
      const protection = await platform.secretProtection();
      if (protection === 'basic_text' && input.acceptWeakProtection !== true) {
        throw new ContractError(
          'weak_protection',
          'This computer has no keyring (such as GNOME Keyring or KWallet), so Concilia can only keep the credentials obfuscated, not encrypted. ' +
            'Install and unlock a keyring and restart Concilia, or tick "Store with weaker protection" to accept the risk.',
        );
      }
      const options = { acceptWeakProtection: input.acceptWeakProtection === true };
      if (input.token !== undefined) await ctx.secrets.set(connection.name, 'token', input.token, connection.baseUrl, options);
      if (input.apiKey !== undefined) await ctx.secrets.set(connection.name, 'apiKey', input.apiKey, connection.baseUrl, options);
      return credentialStatus(ctx, connection);
    },

    async 'connections:deleteCredentials'(input: ParsedInput<'connections:deleteCredentials'>): Promise<HandlerOutput<'connections:deleteCredentials'>> {
      const connection = getConnection(db, input.name);
      await ctx.secrets.delete(connection.name, input.field);
      return credentialStatus(ctx, connection);
    },

    async 'connections:credentialStatus'(input: ParsedInput<'connections:credentialStatus'>): Promise<HandlerOutput<'connections:credentialStatus'>> {
      return credentialStatus(ctx, getConnection(db, input.name));
    },
  };
}
