// Seeds the real API the way a wallet would: typed data from the API, signed in Node with a
// Hardhat dev key, relayed by the API, followed until the indexer has it on chain.
import { HDNodeWallet } from "ethers";

const devMnemonic = "test test test test test test test test test test test junk";

/** Hardhat's well-known dev account #index (keys published by Hardhat; chain 31337 only). */
export const devWallet = (index) => HDNodeWallet.fromPhrase(devMnemonic, undefined, `m/44'/60'/0'/0/${index}`);

export class ApiClient {
  constructor(baseUrl, chainId) {
    this.baseUrl = baseUrl;
    this.chainId = chainId;
    this.tokens = new Map();
  }

  async call(method, path, body, token) {
    const response = await fetch(this.baseUrl + path, {
      method,
      headers: {
        accept: "application/json",
        ...(body ? { "content-type": "application/json" } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
  }

  async get(path) {
    const r = await this.call("GET", path);
    if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  /** True when the host has the route for some method (a routing 404 carries no `detail`; 405 means another method). */
  async hasRoute(path) {
    const r = await this.call("GET", path);
    return !(r.status === 404 && !r.body?.detail);
  }

  /** Sign-In with Ethereum as the page does it (EIP-4361 text, personal_sign); returns the access token. */
  /** A bearer token for the wallet's address (writes need one), signing in on first use. */
  async tokenFor(wallet) {
    if (!this.tokens.has(wallet.address)) this.tokens.set(wallet.address, await this.signIn(wallet));
    return this.tokens.get(wallet.address);
  }

  async signIn(wallet) {
    const nonce = await this.call("POST", "/v1/auth/nonce", { address: wallet.address });
    if (nonce.status !== 200) throw new Error(`nonce: ${nonce.status} ${JSON.stringify(nonce.body)}`);
    const url = new URL(this.baseUrl);
    const message = [
      `${url.host} wants you to sign in with your Ethereum account:`, wallet.address, "", "Sign in to TrustLedger to act for this address.", "",
      `URI: ${url.origin}`, "Version: 1", `Chain ID: ${this.chainId}`, `Nonce: ${nonce.body.nonce}`, `Issued At: ${new Date().toISOString()}`,
      ...(nonce.body.expiresAt ? [`Expiration Time: ${nonce.body.expiresAt}`] : []),
    ].join("\n");
    const login = await this.call("POST", "/v1/auth/login", { message, signature: await wallet.signMessage(message) });
    if (login.status !== 200) throw new Error(`login: ${login.status} ${JSON.stringify(login.body)}`);
    return login.body.accessToken;
  }

  async putProfile(wallet, profile) {
    const r = await this.call("PUT", `/v1/parties/${wallet.address.toLowerCase()}`, profile, await this.tokenFor(wallet));
    if (r.status !== 200) throw new Error(`PUT profile: ${r.status} ${JSON.stringify(r.body)}`);
  }

  async endorse(wallet, subject, { rating, category = "", comment = "" }) {
    const query = new URLSearchParams({ attester: wallet.address, subject, rating: String(rating), category, comment });
    const typed = await this.call("GET", `/v1/attestations/typed-data?${query}`);
    if (typed.status !== 200) throw new Error(`typed data: ${typed.status} ${JSON.stringify(typed.body)}`);
    const { domain, types, message } = typed.body;
    const { EIP712Domain: _, ...rest } = types;
    const signature = await wallet.signTypedData(domain, rest, message);
    const submitted = await this.call("POST", "/v1/attestations", { message, signature }, await this.tokenFor(wallet));
    if (submitted.status !== 202) throw new Error(`submit: ${submitted.status} ${JSON.stringify(submitted.body)}`);
    return submitted.body.uid;
  }

  /** Polls GET path until `ready(body)` holds (the reputation board refreshes after the indexer moves). */
  async poll(path, ready, timeoutMs = 30_000) {
    const started = Date.now();
    for (;;) {
      const r = await this.call("GET", path);
      if (r.status === 200 && ready(r.body)) return r.body;
      if (Date.now() - started > timeoutMs) throw new Error(`GET ${path} not ready after ${timeoutMs / 1000} s: ${r.status} ${JSON.stringify(r.body)}`);
      await new Promise((res) => setTimeout(res, 300));
    }
  }

  async waitFor(uid, status, timeoutMs = 60_000) {
    const started = Date.now();
    for (;;) {
      const r = await this.call("GET", `/v1/attestations/${uid}`);
      if (r.status === 200 && r.body.status === status) return r.body;
      if (r.status === 200 && r.body.status === "failed") throw new Error(`${uid} failed: ${JSON.stringify(r.body.error)}`);
      if (Date.now() - started > timeoutMs) throw new Error(`${uid} not ${status} after ${timeoutMs / 1000} s: ${JSON.stringify(r.body)}`);
      await new Promise((res) => setTimeout(res, 300));
    }
  }
}
