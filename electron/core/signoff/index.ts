export { signOff, revalidateSignoffs, type SignoffDeps } from './signoff.ts';
