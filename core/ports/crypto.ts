import type { Contact } from '../events/schemas.ts';

/** Why a contact is decrypted; every decrypt is audited with it (never with the plaintext). */
export interface AccessPurpose {
  /** The component reading, e.g. `deliver` or `privacy-export`. */
  actor: string;
  messageId?: string;
  requestId?: string;
}

/** Envelope encryption of contact data with encryption context {pseudonym, purpose: "contact"}. */
export interface ContactVault {
  seal(pseudonym: string, contact: Contact): Promise<string>;
  /** Decrypts, asserts the encryption context (`EncryptionContextMismatchError`) and audits the access. */
  open(pseudonym: string, sealed: string, purpose: AccessPurpose): Promise<Contact>;
}

/** customerId → pseudonym: HMAC-SHA256 under a secret key; the same id always gives the same pseudonym. */
export interface Pseudonymizer {
  pseudonymOf(customerId: string): Promise<string>;
}
