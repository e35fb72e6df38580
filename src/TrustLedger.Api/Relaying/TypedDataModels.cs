using System.Text.Json.Nodes;

namespace TrustLedger.Api.Relaying;

/// <summary>The EIP-712 domain of the attestation registry: signatures bind this chain and this contract.</summary>
/// <param name="Name">"TrustLedger Attestations"</param>
/// <param name="Version">"1"</param>
/// <param name="ChainId">the chain the service relays to (31337 on the development chain)</param>
/// <param name="VerifyingContract">the AttestationRegistry's address</param>
public sealed record Eip712Domain(string Name, string Version, long ChainId, string VerifyingContract);

/// <summary>
/// EIP-712 typed data exactly as a wallet signs it (<c>eth_signTypedData_v4</c>): pass the whole object to the
/// wallet, then POST <c>{ "message": &lt;message as returned&gt;, "signature": "0x..." }</c>.
/// </summary>
/// <param name="Types">EIP712Domain and the primary type's fields</param>
/// <param name="PrimaryType">Attest or Revoke</param>
/// <param name="Message">
/// Attest: attester, schema, subject, expiration (unix seconds, 0 = never), refUID, nonce (uint96, decimal), data (0x ABI
/// encoding of the schema's fields), deadline (unix seconds). Revoke: revoker, uid, nonce, deadline. Numbers are decimal strings.
/// </param>
public sealed record Eip712TypedData(JsonObject Types, string PrimaryType, Eip712Domain Domain, JsonObject Message);
