// The browser wallet (EIP-1193 window.ethereum) and Sign-In with Ethereum (EIP-4361).
// Everything read-only works without it; endorsing needs a signature, editing a profile a sign-in.
import { getAddress, hexlify, toUtf8Bytes } from "ethers";
import { NotAvailable, post, setAccessToken } from "./api";
import type { Health } from "./models";

interface Eip1193Provider {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
  on?(event: string, handler: (...args: unknown[]) => void): void;
}

declare global {
  interface Window {
    ethereum?: Eip1193Provider;
  }
}

export interface WalletState {
  address: string | null; // checksummed
  chainId: number | null;
  signedIn: boolean;
}

const state: WalletState = { address: null, chainId: null, signedIn: false };
const listeners = new Set<(s: WalletState) => void>();

export const walletState = (): WalletState => ({ ...state });

export function onWalletChange(listener: (s: WalletState) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function changed(): void {
  for (const listener of listeners) listener(walletState());
}

function provider(): Eip1193Provider {
  if (!window.ethereum) throw new Error("No browser wallet found. Install one (any EIP-1193 wallet) to sign; reading needs none.");
  return window.ethereum;
}

export const hasWallet = (): boolean => Boolean(window.ethereum);

let subscribed = false;

export async function connect(): Promise<string> {
  const wallet = provider();
  const accounts = (await wallet.request({ method: "eth_requestAccounts" })) as string[];
  if (!accounts.length) throw new Error("The wallet shared no account.");
  state.address = getAddress(accounts[0]);
  state.chainId = Number(await wallet.request({ method: "eth_chainId" }));
  state.signedIn = false;
  if (!subscribed && wallet.on) {
    subscribed = true;
    wallet.on("accountsChanged", (list) => {
      const next = (list as string[])[0];
      state.address = next ? getAddress(next) : null;
      state.signedIn = false;
      session = null;
      setAccessToken(null);
      changed();
    });
    wallet.on("chainChanged", (id) => {
      state.chainId = Number(id);
      changed();
    });
  }
  changed();
  return state.address;
}

/** The wallet signs EIP-712 typed data exactly as the API returned it. */
export async function signTypedData(typedData: unknown): Promise<string> {
  if (!state.address) await connect();
  return (await provider().request({ method: "eth_signTypedData_v4", params: [state.address, JSON.stringify(typedData)] })) as string;
}

export async function switchChain(chainId: number): Promise<void> {
  await provider().request({ method: "wallet_switchEthereumChain", params: [{ chainId: `0x${chainId.toString(16)}` }] });
  state.chainId = chainId;
  changed();
}

let apiChainId: number | null = null;

/** The chain the API works on, from /health (the SIWE chain id and the EIP-712 domain's). */
export async function serverChainId(): Promise<number> {
  if (apiChainId === null) {
    const response = await fetch("/health", { headers: { accept: "application/json" } });
    const health = (await response.json()) as Health;
    apiChainId = health.chain.chainId;
  }
  return apiChainId;
}

/** The EIP-4361 message text, field by field as the standard orders them. */
export function siweMessage(p: { domain: string; address: string; uri: string; chainId: number; nonce: string; issuedAt: string; expiresAt?: string }): string {
  const lines = [
    `${p.domain} wants you to sign in with your Ethereum account:`,
    p.address,
    "",
    "Sign in to TrustLedger to act for this address.",
    "",
    `URI: ${p.uri}`,
    "Version: 1",
    `Chain ID: ${p.chainId}`,
    `Nonce: ${p.nonce}`,
    `Issued At: ${p.issuedAt}`,
  ];
  if (p.expiresAt) lines.push(`Expiration Time: ${p.expiresAt}`);
  return lines.join("\n");
}

interface LoginResponse {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

/** Sign-In with Ethereum: a single-use nonce, the message signed with personal_sign, a JWT back. */
export async function signIn(): Promise<void> {
  const address = state.address ?? (await connect());
  const chainId = await serverChainId();
  const { nonce, expiresAt } = await post<{ nonce: string; expiresAt?: string }>("/v1/auth/nonce", { address });
  const message = siweMessage({
    domain: location.host,
    address,
    uri: location.origin,
    chainId,
    nonce,
    issuedAt: new Date().toISOString(),
    expiresAt,
  });
  const signature = (await provider().request({ method: "personal_sign", params: [hexlify(toUtf8Bytes(message)), address] })) as string;
  useTokens(await post<LoginResponse>("/v1/auth/login", { message, signature }));
  changed();
}

let session: { refreshToken: string; expiresAt: number; address: string } | null = null;

function useTokens(tokens: LoginResponse): void {
  setAccessToken(tokens.accessToken);
  session = { refreshToken: tokens.refreshToken, expiresAt: Date.now() + tokens.expiresIn * 1000, address: state.address ?? "" };
  state.signedIn = true;
}

/**
 * Writes need a bearer token for the signing address: reuses a live one, renews an expiring one
 * with the refresh token, else asks the wallet to sign in. Hosts without sign-in are left alone.
 */
export async function ensureSignedIn(renew = false): Promise<void> {
  if (renew) session = null;
  if (session && session.address === state.address && state.signedIn) {
    if (session.expiresAt - Date.now() > 30_000) return;
    try {
      useTokens(await post<LoginResponse>("/v1/auth/refresh", { refreshToken: session.refreshToken }));
      return;
    } catch {
      session = null; // spent or expired: sign in again below
    }
  }
  try {
    await signIn();
  } catch (error) {
    if (!(error instanceof NotAvailable)) throw error;
  }
}
