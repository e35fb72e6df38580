using System.Text.Json.Nodes;

namespace TrustLedger.Api.Credentials;

// The VC API's request bodies, as the OpenAPI document shows them. The handlers read the body as strict
// JSON themselves (duplicate members refused: a signer and a verifier must read the same document).

/// <param name="Format">"eip712" (EthereumEip712Signature2021, the default) or "vc+jwt" (VC-JOSE-COSE); "mechanism" is an alias</param>
public sealed record IssueOptions(string? Format);

/// <param name="Credential">the credential to issue, without a proof; `issuer` may be left out (the default issuer DID)</param>
public sealed record IssueCredentialRequest(JsonObject Credential, IssueOptions? Options);

/// <param name="VerifiableCredential">the credential with its proof</param>
public sealed record IssuedCredentialResponse(JsonObject VerifiableCredential);

/// <param name="ReturnCredential">echo the credential in the result</param>
public sealed record VerifyOptions(bool? ReturnCredential);

/// <param name="VerifiableCredential">a credential with an embedded EIP-712 proof, an EnvelopedVerifiableCredential (data:application/vc+jwt,...), or a compact JWS string</param>
public sealed record VerifyCredentialRequest(JsonNode VerifiableCredential, VerifyOptions? Options);

/// <param name="Challenge">the nonce the holder's proof must carry</param>
/// <param name="Domain">the domain the holder's proof must carry</param>
/// <param name="ReturnPresentation">echo the presentation in the result</param>
/// <param name="RequireHolderIsSubject">holder binding (default true): the holder must be a subject of every credential</param>
public sealed record VerifyPresentationOptions(string? Challenge, string? Domain, bool? ReturnPresentation, bool? RequireHolderIsSubject);

/// <param name="VerifiablePresentation">the presentation: JSON with an EIP-712 holder proof or none, an EnvelopedVerifiablePresentation, or a compact vp+jwt string ("presentation" is accepted too)</param>
public sealed record VerifyPresentationRequest(JsonNode VerifiablePresentation, VerifyPresentationOptions? Options);
