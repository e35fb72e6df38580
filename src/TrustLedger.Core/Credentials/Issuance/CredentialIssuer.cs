using System.Text.Json;
using System.Text.Json.Nodes;
using TrustLedger.Core.Credentials.Anchoring;
using TrustLedger.Core.Credentials.Contexts;
using TrustLedger.Core.Credentials.Dids;
using TrustLedger.Core.Credentials.Eip712Proofs;
using TrustLedger.Core.Credentials.Jose;
using TrustLedger.Core.Credentials.Validation;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Crypto.Eip712;

namespace TrustLedger.Core.Credentials.Issuance;

/// <summary>
/// An issuer DID (did:pkh or did:ethr) and the key that signs for it; the key store hands these out.
/// The key is the DID's own (its #controller), or a delegate the DID's ERC-1056 registry lists as
/// <paramref name="verificationMethod"/> (a rotated signing key, see <see cref="IssuerKeyRotation"/>).
/// </summary>
public sealed class IssuerKey
{
    private readonly string? _verificationMethod;

    public EthDid Did { get; }
    public EthPrivateKey Key { get; }

    public IssuerKey(string did, EthPrivateKey key, string? verificationMethod = null)
    {
        if (!EthDid.TryParse(did, out var parsed, out string error)) throw new ArgumentException("issuer DID: " + error, nameof(did));
        if (verificationMethod is null && parsed!.Address != key.Address) throw new ArgumentException($"the key's address {key.Address} does not control {did}", nameof(key));
        if (verificationMethod is not null && !verificationMethod.StartsWith(did + "#", StringComparison.Ordinal))
            throw new ArgumentException($"{verificationMethod} is not a verification method of {did}", nameof(verificationMethod));
        Did = parsed!;
        Key = key;
        _verificationMethod = verificationMethod;
    }

    public string VerificationMethod => _verificationMethod ?? Did.DefaultVerificationMethodId;

    public override string ToString() => $"IssuerKey({Did.Did})";
}

/// <summary>A secured credential and the values the chain service anchors.</summary>
/// <param name="VerifiableCredential">The credential with its proof (EIP-712), or the EnvelopedVerifiableCredential (JWS).</param>
/// <param name="Jws">The compact JWS when <paramref name="Mechanism"/> is VcJwt.</param>
/// <param name="AnchorKey">keccak256(credential id), 0x-hex; null when the credential has no id.</param>
/// <param name="AnchorHash">keccak256 of the canonical secured bytes, 0x-hex (see <see cref="CredentialAnchor"/>).</param>
public sealed record IssuedCredential(JsonObject VerifiableCredential, string? Jws, SecuringMechanism Mechanism, string CredentialId,
    string? AnchorKey, string AnchorHash);

/// <summary>Refused at issue time; <see cref="Issues"/> says which rules failed (the API answers 422 with them).</summary>
public sealed class CredentialIssueException(IReadOnlyList<ValidationIssue> issues)
    : Exception("credential cannot be issued: " + string.Join("; ", issues.Select(i => $"{i.Path}: {i.Message}")))
{
    public IReadOnlyList<ValidationIssue> Issues { get; } = issues;
}

/// <summary>Validates a credential against the VC 2.0 rules and our issuing rules, then secures it with either mechanism.</summary>
public static class CredentialIssuer
{
    public const string IssuerMismatchCode = "issue.issuer_mismatch";
    public const string HasProofCode = "issue.already_secured";
    public const string Eip712Code = "issue.eip712_unrepresentable";

    /// <summary>
    /// Signs with an EthereumEip712Signature2021 proof. The input is not changed; a missing issuer
    /// becomes <paramref name="issuer"/> (the VC API allows leaving it out).
    /// </summary>
    public static IssuedCredential IssueEip712(JsonObject credential, IssuerKey issuer, DateTimeOffset? created = null, CredentialUrls? urls = null)
    {
        RefuseSecured(credential);
        var signed = Eip712CredentialSigner.WithUnsignedProof(credential, issuer.VerificationMethod, created ?? DateTimeOffset.UtcNow);
        if (!signed.ContainsKey("issuer")) signed["issuer"] = issuer.Did.Did;
        using (var message = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(signed)))
        {
            RequireIssuable(message.RootElement, issuer, urls);
            try { Eip712CredentialSigner.Complete(signed, message.RootElement, issuer.Key, issuer.Did.ChainId); }
            catch (Eip712Exception e) { throw new CredentialIssueException([new(Eip712Code, e.Path, e.Reason + " (issue it as a JWS instead)")]); }
        }
        return Issued(signed, null, SecuringMechanism.Eip712, Hex.Encode(CredentialAnchor.HashOfCredential(signed)));
    }

    /// <summary>Secures as a vc+jwt compact JWS and wraps it in an EnvelopedVerifiableCredential. A missing issuer becomes <paramref name="issuer"/>.</summary>
    public static IssuedCredential IssueJwt(JsonObject credential, IssuerKey issuer, CredentialUrls? urls = null)
    {
        RefuseSecured(credential);
        if (!credential.ContainsKey("issuer"))
        {
            credential = (JsonObject)credential.DeepClone();
            credential["issuer"] = issuer.Did.Did;
        }
        using (var document = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(credential)))
            RequireIssuable(document.RootElement, issuer, urls);
        string jws = VcJwt.Sign(credential, issuer.Key, issuer.VerificationMethod);
        var issued = Issued(credential, jws, SecuringMechanism.VcJwt, Hex.Encode(CredentialAnchor.HashOfJws(jws)));
        return issued with { VerifiableCredential = VcJwt.Envelope(jws) };
    }

    /// <summary>Every reason the credential cannot be issued by <paramref name="issuer"/>; empty when it can.</summary>
    public static IReadOnlyList<ValidationIssue> Check(JsonObject credential, IssuerKey issuer, CredentialUrls? urls = null)
    {
        using var document = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(credential));
        var issues = Check(document.RootElement, issuer, urls ?? CredentialUrls.Example);
        if (credential.ContainsKey("proof")) issues.Add(new(HasProofCode, "proof", "the credential already has a proof"));
        return issues;
    }

    private static List<ValidationIssue> Check(JsonElement root, IssuerKey issuer, CredentialUrls urls)
    {
        var issues = CredentialValidator.Validate(root, urls).ToList();
        if (CredentialValidator.IsLegacy(root))
            issues.Add(new(StructureCodes.Context, "@context[0]", $"we issue VC 2.0 only: the first @context must be {VcConstants.CredentialsV2Context}"));
        if (root.TryGetProperty("@context", out var context) && context.ValueKind == JsonValueKind.Array)
            foreach (var entry in context.EnumerateArray())
                if (entry.ValueKind == JsonValueKind.String && !ContextCache.IsKnown(entry.GetString()!, urls))
                    issues.Add(new(ContextCodes.Unknown, "@context", $"unknown context {entry.GetString()} (known: {string.Join(", ", ContextCache.KnownUrls(urls))})"));
        string? issuerId = root.TryGetProperty("issuer", out var issuerElement) ? CredentialValidator.IssuerId(issuerElement) : null;
        var ourSchemas = new Schemas.LocalSchemaValidator(urls);
        if (root.TryGetProperty("credentialSchema", out var schemas))
            foreach (var schema in schemas.ValueKind == JsonValueKind.Array ? schemas.EnumerateArray().ToList() : [schemas])
                if (ourSchemas.Validate(root, schema) is { Valid: false } failed)
                    issues.Add(new(SchemaCodes.Invalid, "credentialSchema", failed.Message));
        if (issuerId is not null && (!EthDid.TryParse(issuerId, out var did, out _) || did!.Address != issuer.Did.Address || did.ChainId != issuer.Did.ChainId || did.Method != issuer.Did.Method))
            issues.Add(new(IssuerMismatchCode, "issuer", $"the credential names issuer {issuerId}, but the signing key is {issuer.Did.Did}"));
        return issues;
    }

    private static void RefuseSecured(JsonObject credential)
    {
        if (credential.ContainsKey("proof")) throw new CredentialIssueException([new(HasProofCode, "proof", "the credential already has a proof")]);
    }

    private static void RequireIssuable(JsonElement root, IssuerKey issuer, CredentialUrls? urls)
    {
        var issues = Check(root, issuer, urls ?? CredentialUrls.Example);
        if (issues.Count > 0) throw new CredentialIssueException(issues);
    }

    private static IssuedCredential Issued(JsonObject secured, string? jws, SecuringMechanism mechanism, string anchorHash)
    {
        string id = secured["id"]?.GetValue<string>() ?? "";
        return new(secured, jws, mechanism, id, id.Length > 0 ? CredentialAnchor.KeyHex(id) : null, anchorHash);
    }
}
