import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import { MerkleTreeBuilder } from '../merkle/merkle-tree-builder.js';
import { inclusionProof, verifyInclusion } from '../merkle/inclusion-proof.js';
import { leafHash } from '../merkle/tree-hashing.js';
import { sha256Hex } from '../digest.js';
import { checkpointSigningInput, signCheckpoint, verifyCheckpoint, type Checkpoint } from './checkpoint.js';
import { consentReceipt, signConsentReceipt, verifyConsentReceipt, type ConsentFacts } from './consent-receipt.js';
import { publicJwk, toJwks, verificationKey } from './jwks.js';
import {
  ed25519Thumbprint,
  exportSigningKey,
  generateSigningKey,
  importSigningKey,
  type LedgerSigningKey,
} from './signing-key.js';

const notary = generateSigningKey();
const jwks = toJwks(notary);
const checkpoint: Checkpoint = {
  treeSize: 42,
  rootHash: sha256Hex('root'),
  lastPosition: { commit: '18446744073709551000', prepare: '18446744073709551000' },
  time: '2025-03-01T12:00:00.000Z',
};

describe('signing keys and JWKS', () => {
  it('computes the RFC 8037 appendix A.3 thumbprint as kid', () => {
    const publicKey = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' },
      format: 'jwk',
    });
    expect(ed25519Thumbprint(publicKey)).toBe('kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k');
  });

  it('publishes the public key as a JWKS that jose agrees with and that round-trips', async () => {
    expect(jwks).toEqual({
      keys: [{ kty: 'OKP', crv: 'Ed25519', x: expect.any(String), kid: notary.kid, alg: 'EdDSA', use: 'sig' }],
    });
    expect(await calculateJwkThumbprint(jwks.keys[0]!)).toBe(notary.kid);
    const fromJson = JSON.parse(JSON.stringify(jwks)) as unknown;
    expect(verificationKey(fromJson, notary.kid).equals(notary.publicKey)).toBe(true);
  });

  it('exports the private key as PKCS#8 PEM and imports it back with the same kid', () => {
    const pem = exportSigningKey(notary);
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const restored = importSigningKey(pem);
    expect(restored.kid).toBe(notary.kid);
    expect(publicJwk(restored)).toEqual(publicJwk(notary));
  });

  it('refuses a key that is not an Ed25519 PEM, saying what to do', () => {
    expect(() => importSigningKey('not a key')).toThrow(/not a readable PEM private key/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
    expect(() => importSigningKey(rsa.toString())).toThrow(/must be Ed25519, got rsa/);
  });

  it('refuses a JWKS that is malformed, lacks the kid, or passes off a key under another kid', () => {
    expect(() => verificationKey({ nope: [] }, notary.kid)).toThrow(/"keys" array/);
    expect(() => verificationKey(jwks, 'unknown')).toThrow(/no key with kid "unknown"/);
    const other = generateSigningKey();
    const impostor = { keys: [{ ...publicJwk(other), kid: notary.kid }] };
    expect(() => verificationKey(impostor, notary.kid)).toThrow(/does not match its kid/);
    expect(() => verificationKey({ keys: [{ kid: 'k', kty: 'RSA' }] }, 'k')).toThrow(/not an Ed25519/);
  });
});

describe('signed checkpoints', () => {
  it('signs the documented bytes and verifies from the JWKS', () => {
    expect(checkpointSigningInput(checkpoint).toString()).toBe(
      'consent-ledger checkpoint v1\n' +
        '{"lastPosition":{"commit":"18446744073709551000","prepare":"18446744073709551000"},' +
        `"rootHash":"${checkpoint.rootHash}","time":"2025-03-01T12:00:00.000Z","treeSize":42}`,
    );
    const signed = signCheckpoint(checkpoint, notary);
    expect(signed).toMatchObject({ ...checkpoint, kid: notary.kid });
    expect(verifyCheckpoint(signed, jwks)).toEqual({ ok: true });
    const [signedJson, jwksJson] = [JSON.stringify(signed), JSON.stringify(jwks)];
    expect(verifyCheckpoint(JSON.parse(signedJson), JSON.parse(jwksJson))).toEqual({ ok: true });
  });

  it.each<[string, (signed: ReturnType<typeof signCheckpoint>) => unknown]>([
    ['a larger tree size', (s) => ({ ...s, treeSize: 43 })],
    ['another root', (s) => ({ ...s, rootHash: sha256Hex('other root') })],
    ['another time', (s) => ({ ...s, time: '2025-03-01T12:00:01.000Z' })],
    ['another position', (s) => ({ ...s, lastPosition: { commit: '1', prepare: '1' } })],
    ['a flipped signature bit', (s) => ({ ...s, signature: flip(s.signature) })],
    ['another key signing under this kid', (s) => ({ ...signCheckpoint(checkpoint, impostor()), kid: s.kid })],
  ])('rejects a forged checkpoint: %s', (_label, forge) => {
    const verdict = verifyCheckpoint(forge(signCheckpoint(checkpoint, notary)) as never, jwks);
    expect(verdict).toEqual({
      ok: false,
      reason: expect.stringMatching(/^the signature of the checkpoint at tree size \d+ is forged or altered$/),
    });
  });

  it('names a malformed checkpoint or an unknown key instead of throwing', () => {
    const signed = signCheckpoint(checkpoint, notary);
    expect(verifyCheckpoint({ ...signed, rootHash: 'ABC' }, jwks)).toMatchObject({ reason: /root hash must be/ });
    expect(verifyCheckpoint({ ...signed, time: 'yesterday' }, jwks)).toMatchObject({ reason: /time must be ISO/ });
    expect(verifyCheckpoint({ ...signed, signature: 'short' }, jwks)).toMatchObject({ reason: /not a base64url/ });
    expect(verifyCheckpoint(signCheckpoint(checkpoint, impostor()), jwks)).toMatchObject({ reason: /no key with kid/ });
    expect(() => signCheckpoint({ ...checkpoint, lastPosition: null }, notary)).toThrow(/only the empty tree/);
  });
});

describe('consent receipts', () => {
  // A small ledger whose fourth event is the acceptance, covered by a signed checkpoint of five events.
  const chainHashes = Array.from({ length: 5 }, (_, i) => sha256Hex(`event ${i}`));
  const leafHashes = chainHashes.map((h) => leafHash(Buffer.from(h, 'hex')));
  const tree = new MerkleTreeBuilder();
  leafHashes.forEach((h) => tree.appendLeafHash(h));
  const covering = signCheckpoint({ ...checkpoint, treeSize: 5, rootHash: tree.rootHex() }, notary);
  const facts: ConsentFacts = {
    controller: { piiController: 'Contoso Consent Ledger', email: 'privacy@contoso.example' },
    subjectTenantId: '6f1b2c3d-0000-4000-8000-000000000001',
    partner: { partnerId: 'partner-fabrikam', name: 'Fabrikam CSP' },
    delegatedAdmin: true,
    givenAt: new Date('2025-03-01T11:59:30.123Z'),
    givenBy: { userPrincipalName: 'admin@customer.onmicrosoft.com' },
    link: { kind: 'CSP_CONSENT_REQUEST', requestId: 'cr-1' },
    eventId: 'e0000000-0000-4000-8000-000000000003',
    eventChainHash: chainHashes[3]!,
    coveringCheckpoint: covering,
    inclusionProof: inclusionProof(3, 5, leafHashes),
  };

  it('puts the facts in the Kantara / ISO 27560 vocabulary', () => {
    const receipt = consentReceipt(facts);
    expect(receipt).toMatchObject({
      version: 'KI-CR-v1.1.0',
      consentReceiptID: facts.eventId,
      consentTimestamp: 1740830370,
      piiPrincipalId: facts.subjectTenantId,
      piiControllers: [facts.controller],
      services: [
        {
          service: 'Windows Autopilot device registration',
          purposes: [{ purpose: 'Windows Autopilot device registration', thirdPartyName: 'Fabrikam CSP' }],
        },
      ],
      ledger: {
        link: { kind: 'CSP_CONSENT_REQUEST', requestId: 'cr-1' },
        consentRequestId: 'cr-1',
        partnerId: 'partner-fabrikam',
        delegatedAdmin: true,
        givenAt: '2025-03-01T11:59:30.123Z',
      },
    });
    const oem = consentReceipt({ ...facts, link: { kind: 'OEM_CONSENT_LINK', linkId: 'link-7' } });
    expect(oem.ledger.link).toEqual({ kind: 'OEM_CONSENT_LINK', linkId: 'link-7' });
    expect(oem.ledger).not.toHaveProperty('consentRequestId');
  });

  it('signs a compact JWS that verifies from the JWKS, with evidence an auditor can check', async () => {
    const jws = await signConsentReceipt(consentReceipt(facts), notary);
    expect(jws.split('.')).toHaveLength(3);
    const receipt = await verifyConsentReceipt(jws, JSON.parse(JSON.stringify(jwks)));
    expect(receipt).toEqual(JSON.parse(JSON.stringify(consentReceipt(facts))));
    const { coveringCheckpoint, inclusionProof: proof, eventChainHash } = receipt.ledger;
    expect(verifyCheckpoint(coveringCheckpoint!, jwks)).toEqual({ ok: true });
    const leaf = leafHash(Buffer.from(eventChainHash, 'hex'));
    expect(verifyInclusion(proof!, leaf, coveringCheckpoint!.rootHash).ok).toBe(true);
  });

  it('rejects a tampered or foreign receipt', async () => {
    const jws = await signConsentReceipt(consentReceipt(facts), notary);
    const [header, payload, signature] = jws.split('.') as [string, string, string];
    const edited = Buffer.from(payload, 'base64url').toString().replace('Fabrikam', 'Mallory!');
    const tampered = [header, Buffer.from(edited).toString('base64url'), signature].join('.');
    await expect(verifyConsentReceipt(tampered, jwks)).rejects.toThrow(/signature does not verify/);
    const foreign = await signConsentReceipt(consentReceipt(facts), impostor());
    await expect(verifyConsentReceipt(foreign, jwks)).rejects.toThrow(/no key with kid/);
    await expect(verifyConsentReceipt('not.a.jws', jwks)).rejects.toThrow(/not a compact JWS/);
  });
});

function flip(base64url: string): string {
  const bytes = Buffer.from(base64url, 'base64url');
  bytes[10]! ^= 1;
  return bytes.toString('base64url');
}

function impostor(): LedgerSigningKey {
  return generateSigningKey();
}
