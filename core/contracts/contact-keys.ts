/** The value of the contact public key parameter until `npm run keys:init` writes the key (decision 0006). */
export const CONTACT_KEYS_NOT_INITIALISED = 'not initialised: run npm run keys:init';

/** What the contact key pair secret holds once initialised: both halves in PEM. */
export interface ContactKeyPair {
  publicKey: string;
  privateKey: string;
}
