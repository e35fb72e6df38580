// Sign in the wallet, hand the signature to the relayer, follow the attestation to the chain.
// The user pays no gas: the API relays the signed EIP-712 message.
import { ApiError, get, post, request, withQuery } from "./api";
import type { Attestation, Submitted } from "./models";
import { ensureSignedIn, signTypedData } from "./wallet";

interface TypedData {
  domain: Record<string, unknown>;
  types: Record<string, unknown>;
  primaryType: string;
  message: Record<string, unknown>;
}

/** Fetches typed data from the API, has the wallet sign it, posts {message, signature} to `submitPath`. */
export async function signAndSubmit(typedDataPath: string, query: Record<string, string | undefined>, submitPath: string): Promise<Submitted> {
  // The relayer takes writes only from a signed-in party acting for its own address.
  await ensureSignedIn();
  const { data: typed } = await request<TypedData>("GET", withQuery(typedDataPath, query));
  const signature = await signTypedData(typed);
  const body = { message: typed.message, signature };
  try {
    return await post<Submitted>(submitPath, body);
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) throw error;
    await ensureSignedIn(true); // the token lapsed while the wallet was open: renew, send the same signature again
    return post<Submitted>(submitPath, body);
  }
}

export type Progress = (attestation: Attestation) => void;

/** Polls the attestation until `done` says so (or a failure); gives up after `timeoutMs`. */
export async function follow(uid: string, done: (a: Attestation) => boolean, onProgress: Progress, timeoutMs = 120_000): Promise<Attestation> {
  const started = Date.now();
  for (let delay = 500; ; delay = Math.min(delay * 1.5, 3000)) {
    const attestation = await get<Attestation>(`/v1/attestations/${uid}`);
    onProgress(attestation);
    if (done(attestation) || attestation.status === "failed" || attestation.revocation?.status === "failed") return attestation;
    if (Date.now() - started > timeoutMs) throw new Error(`Still ${attestation.status} after ${timeoutMs / 1000} s; it may confirm later: check your endorsements list.`);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
