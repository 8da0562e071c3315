import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";

/**
 * A software WebAuthn authenticator for the integration tests: it answers creation and request
 * options as a browser with a platform authenticator would, with an ECDSA P-256 (ES256) key per
 * credential and "none" attestation. Each answer can be bent (no user verification, another
 * origin, a wrong signature) to test what the server refuses.
 */

type CreationOptions = { challenge: string; rp: { id?: string }; user: { id: string } };
type RequestOptions = { challenge: string; rpId?: string };

export type Bend = {
  /** Leave the UV flag out: the user was present but not verified. */
  withoutUserVerification?: boolean;
  origin?: string;
  /** Sign other bytes than the ones sent. */
  badSignature?: boolean;
};

export type Credential = {
  id: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  userHandle: string;
  counter: number;
};

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;
/** An AAGUID of all zeros: an authenticator that does not say what it is. */
const AAGUID = Buffer.alloc(16);

const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest();
const b64url = (data: Buffer) => data.toString("base64url");

export class SoftAuthenticator {
  readonly credentials: Credential[] = [];

  constructor(readonly origin: string) {}

  /**
   * The answer to navigator.credentials.create(options): a new credential, kept for later
   * sign-ins; or, as no honest authenticator would, `existing` (of any authenticator) again.
   */
  register(options: CreationOptions, bend: Bend = {}, existing?: Credential) {
    const rpId = options.rp.id ?? new URL(this.origin).hostname;
    const credential = existing ?? newCredential(options.user.id);
    if (!existing) this.credentials.push(credential);
    const clientDataJSON = this.clientData("webauthn.create", options.challenge, bend);
    const credentialId = Buffer.from(credential.id, "base64url");
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(credentialId.length);
    const authData = Buffer.concat([
      this.authDataHead(rpId, FLAG_AT, credential.counter, bend),
      AAGUID,
      idLength,
      credentialId,
      coseKey(credential.publicKey),
    ]);
    const attestationObject = cbor(
      new Map<string, CborValue>([
        ["fmt", "none"],
        ["attStmt", new Map()],
        ["authData", authData],
      ]),
    );
    return {
      id: credential.id,
      rawId: credential.id,
      type: "public-key" as const,
      authenticatorAttachment: "platform" as const,
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64url(clientDataJSON),
        attestationObject: b64url(attestationObject),
        transports: ["internal"],
      },
    };
  }

  /** The answer to navigator.credentials.get(options) with `credential` (by default the last one made). */
  signIn(options: RequestOptions, bend: Bend = {}, credential = this.credentials.at(-1)) {
    if (!credential) throw new Error("the authenticator holds no credential");
    const rpId = options.rpId ?? new URL(this.origin).hostname;
    credential.counter++;
    const clientDataJSON = this.clientData("webauthn.get", options.challenge, bend);
    const authData = this.authDataHead(rpId, 0, credential.counter, bend);
    const signed = Buffer.concat([
      authData,
      sha256(clientDataJSON),
      bend.badSignature ? Buffer.from([1]) : Buffer.alloc(0),
    ]);
    return {
      id: credential.id,
      rawId: credential.id,
      type: "public-key" as const,
      authenticatorAttachment: "platform" as const,
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authData),
        // DER-encoded ECDSA, as WebAuthn has it.
        signature: b64url(sign("sha256", signed, credential.privateKey)),
        userHandle: credential.userHandle,
      },
    };
  }

  private clientData(type: string, challenge: string, bend: Bend): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin: bend.origin ?? this.origin, crossOrigin: false }));
  }

  private authDataHead(rpId: string, extraFlags: number, counter: number, bend: Bend): Buffer {
    const flags = FLAG_UP | (bend.withoutUserVerification ? 0 : FLAG_UV) | extraFlags;
    const signCount = Buffer.alloc(4);
    signCount.writeUInt32BE(counter);
    return Buffer.concat([sha256(rpId), Buffer.from([flags]), signCount]);
  }
}

function newCredential(userHandle: string): Credential {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return { id: b64url(randomBytes(16)), privateKey, publicKey, userHandle, counter: 0 };
}

/** The COSE_Key of an EC2 P-256 public key for ES256 (RFC 9053). */
function coseKey(publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: "jwk" });
  return cbor(
    new Map<number, CborValue>([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, Buffer.from(jwk.x!, "base64url")],
      [-3, Buffer.from(jwk.y!, "base64url")],
    ]),
  );
}

type CborValue = number | string | Buffer | Map<string | number, CborValue>;

/** The few CBOR items WebAuthn needs here: integers, text, bytes and maps (RFC 8949). */
function cbor(value: CborValue): Buffer {
  if (typeof value === "number") return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === "string") {
    const text = Buffer.from(value, "utf8");
    return Buffer.concat([head(3, text.length), text]);
  }
  if (Buffer.isBuffer(value)) return Buffer.concat([head(2, value.length), value]);
  const entries = [...value].flatMap(([key, item]) => [cbor(key), cbor(item)]);
  return Buffer.concat([head(5, value.size), ...entries]);
}

function head(major: number, length: number): Buffer {
  const type = major << 5;
  if (length < 24) return Buffer.from([type | length]);
  if (length < 0x100) return Buffer.from([type | 24, length]);
  if (length < 0x10000) return Buffer.from([type | 25, length >> 8, length & 0xff]);
  const long = Buffer.alloc(5);
  long[0] = type | 26;
  long.writeUInt32BE(length, 1);
  return long;
}
