import { buildDecrypt } from '@aws-crypto/decrypt-node';
import { buildEncrypt } from '@aws-crypto/encrypt-node';
import { AlgorithmSuiteIdentifier, CommitmentPolicy } from '@aws-crypto/material-management-node';

/**
 * The AWS Encryption SDK as this project uses it: key commitment required both ways, one committing suite. Built
 * from the SDK's own sub-packages rather than `@aws-crypto/client-node`, which also loads the KMS keyrings and their
 * clients into every Lambda bundle (decision 0007).
 */
const policy = CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT;
export const { encrypt } = buildEncrypt(policy);
export const { decrypt } = buildDecrypt(policy);
export const SUITE = AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY;

export type { KeyringNode } from '@aws-crypto/material-management-node';
export { RawAesKeyringNode, RawAesWrappingSuiteIdentifier } from '@aws-crypto/raw-aes-keyring-node';
export { RawRsaKeyringNode } from '@aws-crypto/raw-rsa-keyring-node';
