// Sign in the wallet, hand the signature to the relayer, follow the attestation to the chain.
// The user pays no gas: the API relays the signed EIP-712 message.
import { get, post, request, withQuery } from "./api";
import type { Attestation, Submitted } from "./models";
import { signTypedData } from "./wallet";

interface TypedData {
  domain: Record<string, unknown>;
  types: Record<string, unknown>;
  primaryType: string;
  message: Record<string, unknown>;
}

/** Fetches typed data from the API, has the wallet sign it, posts {message, signature} to `submitPath`. */
export async function signAndSubmit(typedDataPath: string, query: Record<string, string | undefined>, submitPath: string | ((uid: string) => string)): Promise<Submitted> {
  const { data: typed, headers } = await request<TypedData>("GET", withQuery(typedDataPath, query));
  const signature = await signTypedData(typed);
  const uid = headers.get("X-Attestation-Uid") ?? String(typed.message.uid ?? "");
  const path = typeof submitPath === "string" ? submitPath : submitPath(uid);
  return post<Submitted>(path, { message: typed.message, signature });
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
