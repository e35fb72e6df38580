using System.Text.Json;
using TrustLedger.Core.Credentials.Anchoring;
using TrustLedger.Core.Credentials.Dids;
using TrustLedger.Core.Credentials.Eip712Proofs;
using TrustLedger.Core.Credentials.Jose;
using TrustLedger.Core.Credentials.Validation;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Credentials;

/// <summary>
/// Verifies a credential secured by either mechanism: a JSON credential with an
/// EthereumEip712Signature2021 proof, a compact vc+jwt JWS, or an EnvelopedVerifiableCredential
/// wrapping one. Runs every check and reports each with a stable code; never throws on bad input.
/// Status, known and trusted issuers and further schemas come from the interfaces the host provides;
/// our own JSON Schemas (<see cref="Schemas.LocalSchemaValidator"/>) are checked when no schema
/// validator is given. A credential of one of our own types must carry our anchor status: without
/// it (or when it cannot be read) the status check fails rather than being skipped.
/// </summary>
public sealed class CredentialVerifier(
    ICredentialStatusProvider? statusProvider = null,
    IKnownIssuerKeys? knownIssuers = null,
    ICredentialSchemaValidator? schemaValidator = null,
    ITrustedIssuers? trustedIssuers = null,
    StatusLists.IStatusListSource? statusLists = null,
    CredentialUrls? urls = null,
    DidResolver? dids = null)
{
    /// <summary>The DID resolver credentials are checked with (presentations resolve their holder with it too).</summary>
    public DidResolver? Dids => dids;

    /// <summary>Our public base and its former ones: which context and schema URLs are ours.</summary>
    public CredentialUrls Urls { get; } = urls ?? CredentialUrls.Example;

    /// <summary>The types our context defines: whoever presents one claims to carry a TrustLedger fact, which only our anchor status can back.</summary>
    public static readonly IReadOnlySet<string> ProductTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        VcConstants.EndorsementCredentialType, VcConstants.ReciprocityCredentialType, VcConstants.ReputationCredentialType,
    };

    // Our own schemas are always known; a host validator can add others.
    private readonly ICredentialSchemaValidator _schemas = schemaValidator ?? new Schemas.LocalSchemaValidator(urls ?? CredentialUrls.Example);

    /// <summary>Input as text: a JSON credential or envelope, or a compact JWS.</summary>
    public ValueTask<VerificationResult> VerifyAsync(string input, VerificationOptions? options = null, CancellationToken cancellationToken = default)
    {
        string trimmed = input.Trim();
        // A compact JWS always starts with base64url of '{"' ("ey"); anything else is read as JSON.
        if (trimmed.StartsWith("ey", StringComparison.Ordinal)) return VerifyJwsAsync(trimmed, options ?? new(), cancellationToken);
        if (!StrictJson.TryParse(trimmed, out var value))
            return ValueTask.FromResult(Malformed("not valid JSON (or a member name appears twice)"));
        return VerifyAsync(value, options, cancellationToken);
    }

    /// <summary>Input as parsed JSON: an object (credential or envelope) or a string (compact JWS).</summary>
    public ValueTask<VerificationResult> VerifyAsync(JsonElement input, VerificationOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new();
        if (input.ValueKind == JsonValueKind.String) return VerifyJwsAsync(input.GetString()!, options, cancellationToken);
        if (input.ValueKind != JsonValueKind.Object) return ValueTask.FromResult(Malformed("a credential must be a JSON object or a compact JWS"));
        if (VcJwt.IsEnvelope(input))
        {
            // The envelope's own @context and type count too: an envelope with @context [] is not a credential.
            if (CredentialValidator.ValidateEnvelope(input, VcConstants.EnvelopedCredentialType) is { Count: > 0 } issues)
                return ValueTask.FromResult(new VerificationResult([new(VerificationCheck.Names.Structure, CheckOutcome.Failed, issues[0].Code,
                    string.Join("; ", issues.Select(i => $"{i.Path}: {i.Message}")))], SecuringMechanism.VcJwt, null, null, null, null, null));
            return VcJwt.TryUnwrapEnvelope(input, out var jws)
                ? VerifyJwsAsync(jws, options, cancellationToken)
                : ValueTask.FromResult(Malformed($"an {VcConstants.EnvelopedCredentialType} needs id = {VcConstants.EnvelopeDataUrlPrefix}<jws>"));
        }
        return VerifyEmbeddedAsync(input, options, cancellationToken);
    }

    private async ValueTask<VerificationResult> VerifyEmbeddedAsync(JsonElement credential, VerificationOptions options, CancellationToken cancellationToken)
    {
        var checks = new List<VerificationCheck>();
        AddStructureAndContext(credential, checks);
        string? issuerId = IssuerIdOf(credential);

        var proof = Eip712ProofVerifier.Verify(credential, VcConstants.AssertionMethod,
            await VerificationMethodResolver.ResolveAsync(dids, ProofMethodOf(credential), VcConstants.AssertionMethod, SignedAt(credential), cancellationToken, options.ClockSkew));
        string? unresolved = proof.Code == IssuerCodes.Unresolvable ? proof.Message : null;
        checks.Add(proof.Valid ? new(VerificationCheck.Names.Signature, CheckOutcome.Passed, proof.Code, proof.Message)
            : unresolved is not null ? new(VerificationCheck.Names.Signature, CheckOutcome.Failed, SignatureCodes.Invalid, "not checked: the verification method did not resolve")
            : new(VerificationCheck.Names.Signature, CheckOutcome.Failed, proof.Code, proof.Message));
        EthDid? issuerDid = await CheckIssuerAsync(issuerId, proof.VerificationMethod, unresolved, credential, options, checks, cancellationToken);
        CheckChain(issuerDid, proof.DomainChainId, credential, options, checks);
        CheckValidity(credential, options, checks);
        string anchorHash = Hex.Encode(CredentialAnchor.HashOfCredential(credential));
        long? asOf = await CheckStatusAsync(credential, anchorHash, options.Now ?? DateTimeOffset.UtcNow, checks, cancellationToken);
        await CheckSchemaAsync(credential, checks, cancellationToken);
        // A copy, so that the result outlives the caller's JsonDocument.
        return new(checks, SecuringMechanism.Eip712, credential.Clone(), issuerId, proof.Signer, anchorHash, asOf);
    }

    private async ValueTask<VerificationResult> VerifyJwsAsync(string compact, VerificationOptions options, CancellationToken cancellationToken)
    {
        if (!VcJwt.TryParse(compact, out var jws, out string error)) return Malformed(error, SecuringMechanism.VcJwt);
        var credential = jws!.Payload;
        var checks = new List<VerificationCheck>();
        AddStructureAndContext(credential, checks);
        string? issuerId = IssuerIdOf(credential);
        EthAddress? signer = null;
        ResolvedVerificationMethod? method = null;
        string? unresolved = null;

        bool headerOk = VcJwt.TryCheckHeader(jws, out error);
        var lookup = headerOk ? await VerificationMethodResolver.ResolveAsync(dids, jws.Kid, VcConstants.AssertionMethod, SignedAt(credential), cancellationToken, options.ClockSkew) : default;
        method = lookup.Method;
        if (!headerOk)
            checks.Add(new(VerificationCheck.Names.Signature, CheckOutcome.Failed, SignatureCodes.JwsHeader, error));
        else if (method is null)
        {
            unresolved = "kid: " + lookup.Error;
            checks.Add(new(VerificationCheck.Names.Signature, CheckOutcome.Failed, SignatureCodes.Invalid, "not checked: the kid did not resolve"));
        }
        else
        {
            // A known key helps only when it is the method's own (a rotated delegate signs with another key: recovered then).
            var known = issuerId is null ? null : knownIssuers?.FindPublicKey(issuerId);
            bool valid = method!.VerifiesJws(jws, known);
            if (valid) signer = method.Address;
            checks.Add(valid
                ? new(VerificationCheck.Names.Signature, CheckOutcome.Passed, SignatureCodes.Ok, $"{method.Algorithm} signature valid")
                : new(VerificationCheck.Names.Signature, CheckOutcome.Failed, SignatureCodes.Invalid,
                    $"the JWS signature does not verify for {method.Id} ({method.Algorithm}; the JWS says {Jws.HeaderText(jws, "alg")})"));
        }

        EthDid? issuerDid = await CheckIssuerAsync(issuerId, method, unresolved, credential, options, checks, cancellationToken);
        CheckChain(issuerDid, null, credential, options, checks);
        CheckValidity(credential, options, checks);
        string anchorHash = Hex.Encode(CredentialAnchor.HashOfJws(compact));
        long? asOf = await CheckStatusAsync(credential, anchorHash, options.Now ?? DateTimeOffset.UtcNow, checks, cancellationToken);
        await CheckSchemaAsync(credential, checks, cancellationToken);
        return new(checks, SecuringMechanism.VcJwt, credential, issuerId, signer, anchorHash, asOf);
    }

    private void AddStructureAndContext(JsonElement credential, List<VerificationCheck> checks)
    {
        var issues = CredentialValidator.Validate(credential, Urls);
        checks.Add(issues.Count == 0
            ? new(VerificationCheck.Names.Structure, CheckOutcome.Passed, StructureCodes.Ok, "meets the VC data model rules")
            : new(VerificationCheck.Names.Structure, CheckOutcome.Failed, issues[0].Code,
                string.Join("; ", issues.Select(i => $"{i.Path}: {i.Message}"))));
        var unknown = UnknownContexts(credential).ToList();
        checks.Add(unknown.Count == 0
            ? new(VerificationCheck.Names.Context, CheckOutcome.Passed, ContextCodes.Ok, "every @context is known locally")
            : new(VerificationCheck.Names.Context, CheckOutcome.Failed, ContextCodes.Unknown, "unknown @context (never fetched): " + string.Join(", ", unknown)));
    }

    private IEnumerable<string> UnknownContexts(JsonElement credential)
    {
        if (credential.ValueKind != JsonValueKind.Object || !credential.TryGetProperty("@context", out var context)) yield break;
        var entries = context.ValueKind == JsonValueKind.Array ? context.EnumerateArray().ToList() : [context];
        foreach (var entry in entries)
            if (entry.ValueKind == JsonValueKind.String && !Contexts.ContextCache.IsKnown(entry.GetString()!, Urls))
                yield return entry.GetString()!;
    }

    private static string? ProofMethodOf(JsonElement credential) =>
        credential.ValueKind == JsonValueKind.Object && credential.TryGetProperty("proof", out var proof) && proof.ValueKind == JsonValueKind.Object
        && proof.TryGetProperty("verificationMethod", out var vm) && vm.ValueKind == JsonValueKind.String ? vm.GetString() : null;

    /// <summary>
    /// When the issuer says it signed: validFrom (issuanceDate in VC 1.1). The issuer's DID is read as
    /// it stood then (DID Core's versionTime), so a key rotated out later still verifies what it signed
    /// while valid, and a key added later does not verify what claims to be older.
    /// </summary>
    /// Changes up to the clock skew later count (a key added in a block whose time runs ahead of the issuer's
    /// clock signs at once), but validity is judged at validFrom (a key revoked just after still verifies what it signed).
    private static DateTimeOffset? SignedAt(JsonElement credential) =>
        credential.ValueKind == JsonValueKind.Object
        && credential.TryGetProperty(CredentialValidator.IsLegacy(credential) ? "issuanceDate" : "validFrom", out var v) && v.ValueKind == JsonValueKind.String
        && XmlDateTime.TryParse(v.GetString(), requireTimezone: false, out var t) ? t : null;

    private static string? IssuerIdOf(JsonElement credential) =>
        credential.ValueKind == JsonValueKind.Object && credential.TryGetProperty("issuer", out var issuer) ? CredentialValidator.IssuerId(issuer) : null;

    /// <summary>The issuer check; returns the issuer as an Ethereum DID (for the chain check), null for other methods.</summary>
    private async ValueTask<EthDid?> CheckIssuerAsync(string? issuerId, ResolvedVerificationMethod? signer, string? unresolved, JsonElement credential,
        VerificationOptions options, List<VerificationCheck> checks, CancellationToken cancellationToken)
    {
        const string name = VerificationCheck.Names.Issuer;
        if (!DidIdentity.IsResolvable(issuerId, out string error))
        {
            checks.Add(new(name, CheckOutcome.Failed, IssuerCodes.Unresolvable, $"issuer {issuerId ?? "(none)"}: {error}"));
            return null;
        }
        EthDid.TryParse(issuerId, out var issuer, out _);
        // An Ethereum DID is the account (did:pkh and did:ethr stay apart); did:key and did:web are their own controller.
        bool signedByIssuer = signer is not null && (issuer is null ? signer.Controller == issuerId
            : signer.Account is { } account && account.Method == issuer.Method && account.ChainId == issuer.ChainId && account.Address == issuer.Address);
        if (unresolved is not null) checks.Add(new(name, CheckOutcome.Failed, IssuerCodes.Unresolvable, unresolved));
        else if (signer is null) checks.Add(new(name, CheckOutcome.Skipped, IssuerCodes.Unresolvable, "no verification method to compare with the issuer"));
        else if (!signedByIssuer)
            checks.Add(new(name, CheckOutcome.Failed, IssuerCodes.Mismatch, $"signed by {signer.Controller}, but the issuer is {issuerId}"));
        else if (options.RequireKnownIssuer) checks.Add(await TrustCheckAsync(issuerId!, credential, cancellationToken));
        else checks.Add(new(name, CheckOutcome.Passed, IssuerCodes.Ok, $"{issuerId} resolved and signed"));
        return issuer;
    }

    /// <summary>The signer is the issuer; is the issuer one we trust, for this type?</summary>
    private async ValueTask<VerificationCheck> TrustCheckAsync(string issuer, JsonElement credential, CancellationToken cancellationToken)
    {
        const string name = VerificationCheck.Names.Issuer;
        if (trustedIssuers is null)
            return knownIssuers?.FindPublicKey(issuer) is null
                ? new(name, CheckOutcome.Failed, IssuerCodes.Untrusted, $"{issuer} is not an issuer this verifier trusts")
                : new(name, CheckOutcome.Passed, IssuerCodes.Ok, $"{issuer} is our issuer and signed");
        IssuerTrust trust;
        try { trust = await trustedIssuers.CheckAsync(issuer, [.. TypesOf(credential).Where(t => t != VcConstants.VerifiableCredentialType)], cancellationToken); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new(name, CheckOutcome.Failed, IssuerCodes.Unavailable, $"the trusted-issuer list could not be read ({e.GetType().Name}); not accepted meanwhile");
        }
        return trust.Standing switch
        {
            IssuerStanding.Trusted => new(name, CheckOutcome.Passed, IssuerCodes.Ok, trust.Message),
            IssuerStanding.NotForType => new(name, CheckOutcome.Failed, IssuerCodes.NotTrustedForType, trust.Message),
            _ => new(name, CheckOutcome.Failed, IssuerCodes.Untrusted, trust.Message),
        };
    }

    /// <summary>The credential's type values (a string or an array of strings).</summary>
    public static IReadOnlyList<string> TypesOf(JsonElement credential)
    {
        if (credential.ValueKind != JsonValueKind.Object || !credential.TryGetProperty("type", out var type)) return [];
        if (type.ValueKind == JsonValueKind.String) return [type.GetString()!];
        return type.ValueKind == JsonValueKind.Array
            ? [.. type.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!)]
            : [];
    }

    private static void CheckChain(EthDid? issuer, long? domainChainId, JsonElement credential, VerificationOptions options, List<VerificationCheck> checks)
    {
        const string name = VerificationCheck.Names.Chain;
        var named = new List<(string Source, long ChainId)>();
        if (issuer is not null) named.Add(("issuer DID", issuer.ChainId));
        if (domainChainId is { } domain) named.Add(("EIP-712 domain", domain));
        foreach (var status in StatusEntries(credential))
            if (status.TryGetProperty("statusChainId", out var chain) && chain.TryGetInt64(out long statusChain)) named.Add(("credentialStatus", statusChain));
        if (named.Count == 0) { checks.Add(new(name, CheckOutcome.Skipped, ChainCodes.Ok, "no chain named")); return; }
        if (named.Select(n => n.ChainId).Distinct().Count() > 1)
        {
            checks.Add(new(name, CheckOutcome.Failed, ChainCodes.Wrong, "chain ids disagree: " + string.Join(", ", named.Select(n => $"{n.Source} {n.ChainId}"))));
            return;
        }
        long chainId = named[0].ChainId;
        if (options.AcceptedChainIds.Count > 0 && !options.AcceptedChainIds.Contains(chainId))
            checks.Add(new(name, CheckOutcome.Failed, ChainCodes.Wrong, $"chain {chainId} is not accepted here (accepted: {string.Join(", ", options.AcceptedChainIds)})"));
        else checks.Add(new(name, CheckOutcome.Passed, ChainCodes.Ok, $"chain {chainId}"));
    }

    private static void CheckValidity(JsonElement credential, VerificationOptions options, List<VerificationCheck> checks)
    {
        const string name = VerificationCheck.Names.Validity;
        var now = options.Now ?? DateTimeOffset.UtcNow;
        bool legacy = CredentialValidator.IsLegacy(credential);
        DateTimeOffset? Read(string member) =>
            credential.ValueKind == JsonValueKind.Object && credential.TryGetProperty(member, out var v) && v.ValueKind == JsonValueKind.String
            && XmlDateTime.TryParse(v.GetString(), requireTimezone: false, out var t) ? t : null;
        var from = Read(legacy ? "issuanceDate" : "validFrom");
        var until = Read(legacy ? "expirationDate" : "validUntil");
        if (from is { } f && f > now + options.ClockSkew)
            checks.Add(new(name, CheckOutcome.Failed, ValidityCodes.NotYetValid, $"valid from {XmlDateTime.Format(f)}"));
        else if (until is { } u && u < now - options.ClockSkew)
            checks.Add(new(name, CheckOutcome.Failed, ValidityCodes.Expired, $"expired at {XmlDateTime.Format(u)}"));
        else checks.Add(new(name, CheckOutcome.Passed, ValidityCodes.Ok, $"valid at {XmlDateTime.Format(now)}"));
    }

    private static IEnumerable<JsonElement> StatusEntries(JsonElement credential)
    {
        if (credential.ValueKind != JsonValueKind.Object || !credential.TryGetProperty("credentialStatus", out var status)) return [];
        return (status.ValueKind == JsonValueKind.Array ? status.EnumerateArray().ToList() : [status]).Where(s => s.ValueKind == JsonValueKind.Object);
    }

    private async ValueTask<long?> CheckStatusAsync(JsonElement credential, string anchorHash, DateTimeOffset now, List<VerificationCheck> checks,
        CancellationToken cancellationToken)
    {
        bool required = TypesOf(credential).Any(ProductTypes.Contains);
        var entries = StatusEntries(credential).ToList();
        var anchor = await StatusCheck.RunAsync(credential, entries, anchorHash, statusProvider, required, cancellationToken);
        bool issuerTrusted = checks.Any(c => c.Check == VerificationCheck.Names.Issuer && c.Outcome == CheckOutcome.Passed);
        var list = await BitstringStatusCheck.RunAsync(entries, IssuerIdOf(credential), issuerTrusted, statusLists, knownIssuers,
            now, cancellationToken, dids);
        checks.Add(Combined(anchor.Check, list));
        return anchor.AsOfBlock;
    }

    /// <summary>
    /// One status check from the anchor's and the Bitstring Status List's: a failure of either fails
    /// it (the anchor's first); a list that could not be read leaves it skipped (so not trusted) even
    /// when the anchor reads active; both passing pass with both sentences.
    /// </summary>
    private static VerificationCheck Combined(VerificationCheck anchor, VerificationCheck? list)
    {
        if (list is null || anchor.Outcome == CheckOutcome.Failed) return anchor;
        if (list.Outcome != CheckOutcome.Passed) return list;
        return anchor.Outcome == CheckOutcome.Passed ? anchor with { Message = anchor.Message + "; " + list.Message } : list;
    }

    private async ValueTask CheckSchemaAsync(JsonElement credential, List<VerificationCheck> checks, CancellationToken cancellationToken)
    {
        const string name = VerificationCheck.Names.Schema;
        if (credential.ValueKind != JsonValueKind.Object || !credential.TryGetProperty("credentialSchema", out var schemas))
        {
            checks.Add(new(name, CheckOutcome.Skipped, SchemaCodes.None, "no credentialSchema"));
            return;
        }
        foreach (var schema in schemas.ValueKind == JsonValueKind.Array ? schemas.EnumerateArray().ToList() : [schemas])
        {
            var answer = await _schemas.ValidateAsync(credential, schema, cancellationToken);
            if (answer is null)
            {
                checks.Add(new(name, CheckOutcome.Skipped, SchemaCodes.Unchecked, "no validator knows this credentialSchema (schemas are never fetched)"));
                return;
            }
            if (!answer.Value.Valid)
            {
                checks.Add(new(name, CheckOutcome.Failed, SchemaCodes.Invalid, answer.Value.Message));
                return;
            }
        }
        checks.Add(new(name, CheckOutcome.Passed, SchemaCodes.Ok, "matches its credentialSchema"));
    }

    private static VerificationResult Malformed(string message, SecuringMechanism mechanism = SecuringMechanism.None) =>
        new([new(VerificationCheck.Names.Structure, CheckOutcome.Failed, StructureCodes.Malformed, message)], mechanism, null, null, null, null, null);
}
