/** Passkeys (WebAuthn): adding, listing, renaming and removing them, and signing in with one. */
export { hasPasskey, listPasskeys, removePasskey, renamePasskey, type PasskeyInfo } from "./passkeys";
export { addPasskey, passkeyRegistrationOptions, PASSKEY_NOT_VERIFIED, PASSKEY_TAKEN } from "./registration";
export { passkeySignInOptions, PASSKEY_SIGN_IN_FAILED, verifyPasskeySignIn } from "./sign-in";
