using System.Text.Json.Serialization;

namespace TrustLedger.Api.Credentials;

/// <summary><c>credentialId</c>: one of your credentials; <c>txCode</c> (default true): also ask the wallet for a 6-digit code shown only to you.</summary>
public sealed record CreateOfferRequest(string? CredentialId, bool? TxCode);

/// <summary>
/// A credential offer: show <c>offerLink</c> as a QR code (or a link a phone opens in its wallet), and
/// <c>txCode</c> beside it; the wallet reads the offer from <c>credentialOfferUri</c>. Shown once: the
/// code and transaction code are stored hashed only.
/// </summary>
public sealed record CreatedOfferView(string Id, string CredentialId, IReadOnlyList<string> Configurations, string CredentialOfferUri, string OfferLink,
    string OfferLinkByValue, string? TxCode, string ExpiresAt);

/// <summary>The token endpoint's form (application/x-www-form-urlencoded), as OAuth 2.0 names its fields.</summary>
public sealed record TokenForm(
    [property: JsonPropertyName("grant_type")] string GrantType,
    [property: JsonPropertyName("pre-authorized_code")] string PreAuthorizedCode,
    [property: JsonPropertyName("tx_code")] string? TxCode);

public sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);

public sealed record NonceResponse([property: JsonPropertyName("c_nonce")] string CNonce);

public sealed record ProofsObject([property: JsonPropertyName("jwt")] IReadOnlyList<string>? Jwt);

/// <summary>The draft's singular proof (some wallets still send it, e.g. Sphereon's 0.20 client).</summary>
public sealed record LegacyProof([property: JsonPropertyName("proof_type")] string? ProofType, [property: JsonPropertyName("jwt")] string? Jwt);

public sealed record CredentialRequest(
    [property: JsonPropertyName("credential_configuration_id")] string? CredentialConfigurationId,
    [property: JsonPropertyName("proofs")] ProofsObject? Proofs,
    [property: JsonPropertyName("proof")] LegacyProof? Proof);

public sealed record IssuedCredentialEntry([property: JsonPropertyName("credential")] string Credential);

public sealed record CredentialResponse([property: JsonPropertyName("credentials")] IReadOnlyList<IssuedCredentialEntry> Credentials);
