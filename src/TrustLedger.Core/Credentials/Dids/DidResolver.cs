using System.Globalization;
using System.Text.Json.Nodes;
using TrustLedger.Core.Chain;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Credentials.Dids;

/// <summary>
/// A DID Resolution result: the document (null on error), its metadata, and the resolution error
/// code of the DID Resolution spec (invalidDid, methodNotSupported, notFound) with a sentence.
/// </summary>
public sealed record DidResolution(JsonObject? Document, JsonObject DocumentMetadata, string? Error, string Message)
{
    public static DidResolution Failed(string error, string message) => new(null, new JsonObject(), error, message);
}

/// <summary>
/// The one DID resolver of the service (the verifier, GET /v1/dids and the issuer's rotation all use
/// it): did:pkh and did:key built locally; did:web fetched through the verifier's one
/// <see cref="AllowListedFetcher"/> (allow-list, size limit, timeout, cache), our own did:web built
/// locally (<paramref name="ownWeb"/>, never fetched); did:ethr read from the ERC-1056 registry configured for the connected
/// chain (Credentials:EthrDidRegistry), or, for another chain or with no registry configured, the
/// document of an identity the registry never changed (as ethr-did-resolver gives it), with a note
/// saying so in the metadata.
/// </summary>
public sealed class DidResolver(long chainId, EthrDidHistory? registry, TimeProvider? time = null, AllowListedFetcher? web = null,
    Func<string, JsonObject?>? ownWeb = null)
{
    /// <summary>The media types a did:web document is asked for (DID Core's JSON representation first).</summary>
    public static readonly IReadOnlyList<string> DidDocumentMediaTypes = ["application/did+json", "application/did+ld+json", "application/json"];

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>The chain whose registry this resolver reads (the connected one).</summary>
    public long ChainId => chainId;

    public EthrDidHistory? Registry => registry;

    /// <summary>Resolves a DID (no fragment; a query of versionId or versionTime is honoured for did:ethr).</summary>
    public async ValueTask<DidResolution> ResolveAsync(string did, DidVersion? version, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(did) || did.Contains('#')) return DidResolution.Failed("invalidDid", "a DID, not a DID URL with a fragment");
        if (did.IndexOf('?') is var q and > 0)
        {
            if (!TryParseVersion(did[(q + 1)..], out var asked, out string problem)) return DidResolution.Failed("invalidDid", problem);
            version = asked;
            did = did[..q];
        }
        version ??= DidVersion.Latest;
        if (did.StartsWith(KeyDid.Prefix, StringComparison.Ordinal))
            return KeyDid.TryParse(did, out var key, out string keyError)
                ? new(key!.Document(), new JsonObject(), null, "built from the DID (did:key)")
                : DidResolution.Failed("invalidDid", keyError);
        if (WebDid.IsWebDid(did)) return await ResolveWebAsync(did, cancellationToken);
        if (!EthDid.TryParse(did, out var parsed, out string error))
            return DidResolution.Failed(did.StartsWith("did:", StringComparison.Ordinal) && !did.StartsWith("did:pkh:", StringComparison.Ordinal)
                && !did.StartsWith("did:ethr:", StringComparison.Ordinal) ? "methodNotSupported" : "invalidDid", error);
        if (parsed!.Method == DidMethod.Pkh) return new(DidDocuments.Build(parsed), new JsonObject(), null, "built from the DID");
        if (registry is null || parsed.ChainId != chainId)
        {
            string note = registry is null
                ? "no ERC-1056 registry is configured (Credentials:EthrDidRegistry): the document of an identity the registry never changed"
                : $"chain {parsed.ChainId.ToString(CultureInfo.InvariantCulture)} is not the connected chain: the document of an identity the registry never changed";
            var plain = EthrDidDocument.Build(parsed, [], version, _time.GetUtcNow());
            plain.Metadata["note"] = note;
            return new(plain.Document, plain.Metadata, null, note);
        }
        try
        {
            var history = await registry.ReadAsync(parsed.Address, cancellationToken);
            var now = version.ValidAt ?? version.Time ?? (version.Block is { } block ? history.LastOrDefault(c => c.Block <= block)?.BlockTime ?? _time.GetUtcNow() : _time.GetUtcNow());
            var built = EthrDidDocument.Build(parsed, history, version, now);
            return new(built.Document, built.Metadata, null, $"read from the ERC-1056 registry {registry.Registry}");
        }
        catch (EthrHistoryTooLongException e) { return DidResolution.Failed("notFound", e.Message); }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return DidResolution.Failed("notFound", $"the registry could not be read ({e.GetType().Name}: {e.Message})");
        }
    }

    private async ValueTask<DidResolution> ResolveWebAsync(string did, CancellationToken cancellationToken)
    {
        if (!WebDid.TryParse(did, out var parsed, out string error)) return DidResolution.Failed("invalidDid", error);
        if (ownWeb?.Invoke(did) is { } own) return new(own, new JsonObject(), null, "this service's own did:web (built locally)");
        if (web is null) return DidResolution.Failed("notFound", "did:web is not fetched here (no fetcher configured)");
        string url = parsed!.DocumentUrl.AbsoluteUri;
        var fetched = await web.GetTextAsync(url, DidDocumentMediaTypes, cancellationToken);
        if (fetched.Text is not { } text) return DidResolution.Failed("notFound", $"{url}: {fetched.Error}");
        if (!StrictJson.TryParse(text, out var json) || json.ValueKind != System.Text.Json.JsonValueKind.Object)
            return DidResolution.Failed("invalidDidDocument", $"{url} is not a JSON object (or a member name appears twice)");
        var document = JsonNode.Parse(json.GetRawText())!.AsObject();
        if (document["id"] is not JsonValue id || !id.TryGetValue<string>(out var documentId) || documentId != did)
            return DidResolution.Failed("invalidDidDocument", $"{url} is the document of {document["id"]?.ToJsonString() ?? "no id"}, not of {did}");
        return new(document, new JsonObject(), null, $"fetched from {url}");
    }

    /// <summary>versionId=&lt;block&gt; or versionTime=&lt;XML date-time&gt; (DID Core's DID parameters).</summary>
    public static bool TryParseVersion(string query, out DidVersion version, out string problem)
    {
        version = DidVersion.Latest;
        problem = "";
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, value) = pair.IndexOf('=') is var eq and > 0 ? (pair[..eq], Uri.UnescapeDataString(pair[(eq + 1)..])) : (pair, "");
            if (name == "versionId" && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long block)) version = version with { Block = block };
            else if (name == "versionTime" && Validation.XmlDateTime.TryParse(value, requireTimezone: true, out var at)) version = version with { Time = at };
            else { problem = $"unsupported DID parameter '{name}' (versionId=<block number> and versionTime=<date-time with zone> are)"; return false; }
        }
        return true;
    }
}

public static class DidResolvers
{
    /// <summary>The resolver of the connected chain, reading its ERC-1056 registry when Credentials:EthrDidRegistry names one.</summary>
    public static DidResolver For(ChainConnection chain, CredentialOptions options, TimeProvider time, AllowListedFetcher? web = null,
        Func<string, JsonObject?>? ownWeb = null)
    {
        EthrDidHistory? registry = null;
        if (!string.IsNullOrWhiteSpace(options.EthrDidRegistry))
        {
            if (!EthAddress.TryParse(options.EthrDidRegistry.Trim(), out var address))
                throw new InvalidOperationException("Credentials:EthrDidRegistry must be an address (0x + 40 hex digits)");
            registry = new EthrDidHistory(chain.Web3, address.ToLowerHex());
        }
        return new DidResolver(chain.ChainId, registry, time, web, ownWeb);
    }
}
