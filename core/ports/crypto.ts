import type { Contact } from '../events/schemas.ts';

/** Why a contact is decrypted; every decrypt is audited with it (never with the plaintext). */
export interface AccessPurpose {
  /** The component reading, e.g. `deliver` or `privacy-export`. */
  actor: string;
  messageId?: string;
  requestId?: string;
}

/**
 * Envelope encryption of contact data under a data key of the customer's own (encryption context {pseudonym,
 * purpose: "contact"}), so that destroying the customer's keys makes every copy of their contact unreadable.
 */
export interface ContactVault {
  seal(pseudonym: string, contact: Contact): Promise<string>;
  /**
   * Decrypts, asserts the encryption context (`EncryptionContextMismatchError`) and audits the access; throws
   * `ContactKeyDestroyedError` when the customer's key is gone (erased).
   */
  open(pseudonym: string, sealed: string, purpose: AccessPurpose): Promise<Contact>;
  /**
   * Crypto-shredding: destroys every data key of the customer created up to `upTo` (epoch ms; keys created later
   * belong to a customer who came back after the erasure); returns how many were destroyed.
   */
  shred(pseudonym: string, upTo: number): Promise<number>;
}

/** Where the customers' data keys live, each wrapped; destroying them must leave no copy behind (decision 0006). */
export interface CustomerKeyStore {
  put(pseudonym: string, keyId: string, wrapped: Uint8Array, createdAt: number): Promise<void>;
  get(pseudonym: string, keyId: string): Promise<Uint8Array | undefined>;
  /** Deletes every key of the customer created up to `upTo` (epoch ms); returns how many. */
  destroy(pseudonym: string, upTo: number): Promise<number>;
}

/** customerId → pseudonym: HMAC-SHA256 under a secret key; the same id always gives the same pseudonym. */
export interface Pseudonymizer {
  pseudonymOf(customerId: string): Promise<string>;
}
