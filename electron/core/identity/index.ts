/**
 * Identities: the operating-system account and its Ed25519 signing key. The review store signs
 * every change with the identity it is given; `verifySignature` checks them.
 */
export { fingerprintOf, identityFromKey, newPrivateKeyPem, verifySignature, type Identity } from './identity.ts';
export { osAccount, type OsAccount } from './os-account.ts';
export { accountOrigin, type AccountOrigin, posixAccountId, unverifiedAccountId, windowsAccountId } from './account-id.ts';
export { defaultKeyPath, loadOrCreateKeyFile, osIdentity } from './key-file.ts';
export { IdentityError } from './errors.ts';
