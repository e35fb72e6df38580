using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Credentials.Dids;

/// <summary>Which version of a DID document: the latest, the one at a block (versionId), or the one valid at a time (versionTime).</summary>
public sealed record DidVersion(long? Block = null, DateTimeOffset? Time = null, DateTimeOffset? ValidAt = null)
{
    public static readonly DidVersion Latest = new();
}

/// <summary>A document built from a change log, with its DID Resolution metadata.</summary>
public sealed record EthrDocument(JsonObject Document, JsonObject Metadata, bool Deactivated);

/// <summary>
/// The did:ethr document of an identity from its ERC-1056 history, built as ethr-did-resolver
/// 11.1.3's wrapDidDocument builds it (the interop test compares the two): #controller is the
/// current owner; every delegate event and every did/pub attribute event, live or not, takes the
/// next #delegate-N number in log order; a live entry keeps the position of the first event with its
/// (type, delegate or value) key; an entry is live while validTo &gt;= now (seconds); sigAuth
/// delegates and keys also authenticate; did/svc attributes become #service-N; an owner of 0x0
/// deactivates. One difference, on purpose: versionTime is honoured (the reference ignores it)
/// by leaving out changes in blocks after that time and judging validity at that time.
/// </summary>
public static partial class EthrDidDocument
{
    public const string SecurityV3Context = "https://w3id.org/security/v3-unstable";
    private static readonly Dictionary<string, string> LegacyAttributeTypes = new(StringComparer.Ordinal)
    {
        ["sigAuth"] = "SignatureAuthentication2018", ["veriKey"] = "VerificationKey2018", ["enc"] = "KeyAgreementKey2019",
    };
    private static readonly Dictionary<string, string> LegacyAlgorithms = new(StringComparer.Ordinal)
    {
        ["Secp256k1VerificationKey2018"] = DidDocuments.VerificationKeyType,
        ["Ed25519SignatureAuthentication2018"] = "Ed25519VerificationKey2018",
        ["Secp256k1SignatureAuthentication2018"] = DidDocuments.VerificationKeyType,
        ["RSAVerificationKey2018"] = "RSAVerificationKey2018",
        ["Ed25519VerificationKey2018"] = "Ed25519VerificationKey2018",
        ["X25519KeyAgreementKey2019"] = "X25519KeyAgreementKey2019",
    };

    [GeneratedRegex(@"^did\/(pub|svc)\/(\w+)(\/(\w+))?(\/(\w+))?$", RegexOptions.ECMAScript)]
    private static partial Regex AttributeName();

    /// <param name="now">the wall clock for the latest version, the block's time for versionId, versionTime itself otherwise</param>
    public static EthrDocument Build(EthDid did, IReadOnlyList<EthrChange> history, DidVersion version, DateTimeOffset now)
    {
        string id = did.Did;
        var controller = did.Address;
        BigInteger nowSeconds = now.ToUnixTimeSeconds();
        EthrChange? current = null, next = null;
        bool deactivated = false;
        int delegateCount = 0, serviceCount = 0;
        var keys = new OrderedDictionary<string, JsonObject>(StringComparer.Ordinal);
        var authentication = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        var signing = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        var agreement = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        var services = new OrderedDictionary<string, JsonObject>(StringComparer.Ordinal);

        foreach (var change in history)
        {
            if (After(change, version)) { next ??= change; continue; }
            string key = change.Kind == EthrChangeKind.Delegate
                ? $"DIDDelegateChanged-{change.Name}-{change.Address}"
                : $"DIDAttributeChanged-{change.Name}-{Hex.Encode(change.Value)}";
            if (AfterValidAt(change, version, key, keys, services)) { next ??= change; continue; }
            current = change;
            if (change.Kind != EthrChangeKind.Owner && change.ValidTo > 0 && change.ValidTo >= nowSeconds)
            {
                if (change.Kind == EthrChangeKind.Delegate)
                {
                    string methodId = $"{id}#delegate-{++delegateCount}";
                    if (change.Name is "sigAuth" or "veriKey")
                    {
                        if (change.Name == "sigAuth") authentication[key] = methodId;
                        keys[key] = Method(methodId, DidDocuments.RecoveryMethodType, id, "blockchainAccountId",
                            $"eip155:{did.ChainId.ToString(CultureInfo.InvariantCulture)}:{change.Address}");
                        signing[key] = methodId;
                    }
                }
                else if (AttributeName().Match(change.Name) is { Success: true } match)
                    AddAttribute(id, key, change, match, ref delegateCount, ref serviceCount, keys, authentication, signing, agreement, services);
            }
            else if (change.Kind == EthrChangeKind.Owner)
            {
                controller = change.Address!.Value;
                if (controller == default) { deactivated = true; break; }
            }
            else
            {
                if (change.Kind == EthrChangeKind.Delegate || change.Name.StartsWith("did/pub/", StringComparison.Ordinal)) delegateCount++;
                else if (change.Name.StartsWith("did/svc/", StringComparison.Ordinal)) serviceCount++;
                authentication.Remove(key);
                signing.Remove(key);
                keys.Remove(key);
                services.Remove(key);
            }
        }

        var document = new JsonObject
        {
            ["@context"] = new JsonArray(DidDocuments.DidCoreContext, DidDocuments.Secp256k1RecoveryContext, SecurityV3Context),
            ["id"] = id,
        };
        if (deactivated)
        {
            document["verificationMethod"] = new JsonArray();
            document["authentication"] = new JsonArray();
            document["assertionMethod"] = new JsonArray();
        }
        else
        {
            var methods = new List<JsonObject> { Method($"{id}#controller", DidDocuments.RecoveryMethodType, id, "blockchainAccountId", $"eip155:{did.ChainId.ToString(CultureInfo.InvariantCulture)}:{controller}") };
            var auth = new List<string> { $"{id}#controller" };
            var assertion = new List<string> { $"{id}#controller" };
            if (did.PublicKey is { } publicKey && controller == did.Address)
            {
                methods.Add(Method($"{id}#controllerKey", DidDocuments.VerificationKeyType, id, "publicKeyHex", Convert.ToHexStringLower(publicKey.ToBytes(compressed: true))));
                auth.Add($"{id}#controllerKey");
                assertion.Add($"{id}#controllerKey");
            }
            document["verificationMethod"] = Array(methods.Concat(keys.Values));
            document["authentication"] = Array(auth.Concat(authentication.Values));
            document["assertionMethod"] = Array(assertion.Concat(signing.Values));
            if (services.Count > 0) document["service"] = Array(services.Values);
            if (agreement.Count > 0) document["keyAgreement"] = Array(agreement.Values);
        }

        var metadata = new JsonObject();
        if (deactivated) metadata["deactivated"] = true;
        if (current is not null) { metadata["versionId"] = current.Block.ToString(CultureInfo.InvariantCulture); metadata["updated"] = Format(current.BlockTime); }
        if (next is not null) { metadata["nextVersionId"] = next.Block.ToString(CultureInfo.InvariantCulture); metadata["nextUpdate"] = Format(next.BlockTime); }
        return new(document, metadata, deactivated);
    }

    /// <summary>
    /// A change in the clock-skew window (after <see cref="DidVersion.ValidAt"/>, up to <see cref="DidVersion.Time"/>)
    /// counts only if it adds a new entry live at its own block time: a key added in a block whose time runs a little
    /// ahead of the signer's clock signs at once, but a revocation, an expiry, a re-set entry or an owner change just
    /// after signing does not undo (or renumber) what the document said when the credential was signed.
    /// </summary>
    private static bool AfterValidAt(EthrChange change, DidVersion version, string key,
        OrderedDictionary<string, JsonObject> keys, OrderedDictionary<string, JsonObject> services) =>
        version.ValidAt is { } at && change.BlockTime > at
        && (change.Kind == EthrChangeKind.Owner || change.ValidTo <= change.BlockTime.ToUnixTimeSeconds()
            || keys.ContainsKey(key) || services.ContainsKey(key));

    private static bool After(EthrChange change, DidVersion version) =>
        (version.Block is { } block && change.Block > block) || (version.Time is { } time && change.BlockTime > time);

    private static void AddAttribute(string id, string key, EthrChange change, Match match, ref int delegateCount, ref int serviceCount,
        OrderedDictionary<string, JsonObject> keys, OrderedDictionary<string, string> authentication, OrderedDictionary<string, string> signing,
        OrderedDictionary<string, string> agreement, OrderedDictionary<string, JsonObject> services)
    {
        string algorithm = match.Groups[2].Value;
        string purpose = match.Groups[4].Success ? match.Groups[4].Value : "undefined"; // as JavaScript's template string spells a missing group
        if (match.Groups[1].Value == "svc")
        {
            serviceCount++;
            if (Utf8(change.Value) is not { } text) return;
            JsonNode endpoint;
            try { endpoint = JsonNode.Parse(text) ?? JsonValue.Create(text)!; }
            catch (System.Text.Json.JsonException) { endpoint = JsonValue.Create(text)!; }
            services[key] = new JsonObject { ["id"] = $"{id}#service-{serviceCount}", ["type"] = algorithm, ["serviceEndpoint"] = endpoint };
            return;
        }
        string methodId = $"{id}#delegate-{++delegateCount}";
        string type = LegacyAlgorithms.GetValueOrDefault(algorithm + LegacyAttributeTypes.GetValueOrDefault(purpose, purpose), algorithm);
        var method = new JsonObject { ["id"] = methodId, ["type"] = type, ["controller"] = id };
        switch (match.Groups[6].Success ? match.Groups[6].Value : "hex")
        {
            case "hex": method["publicKeyHex"] = Convert.ToHexStringLower(change.Value); break;
            case "base64": method["publicKeyBase64"] = Convert.ToBase64String(change.Value); break;
            case "base58": method["publicKeyBase58"] = NBitcoin.DataEncoders.Encoders.Base58.EncodeData(change.Value); break;
            case "pem":
                if (Utf8(change.Value) is not { } pem) return;
                method["publicKeyPem"] = pem;
                break;
            default: method["value"] = Convert.ToHexStringLower(change.Value); break;
        }
        keys[key] = method;
        if (purpose == "sigAuth") { authentication[key] = methodId; signing[key] = methodId; }
        else if (purpose == "enc") agreement[key] = methodId;
        else signing[key] = methodId;
    }

    private static JsonObject Method(string id, string type, string controller, string member, string value) =>
        new() { ["id"] = id, ["type"] = type, ["controller"] = controller, [member] = value };

    private static JsonArray Array(IEnumerable<JsonObject> items) => new([.. items.Select(i => (JsonNode)i)]);
    private static JsonArray Array(IEnumerable<string> items) => new([.. items.Select(i => (JsonNode)JsonValue.Create(i)!)]);

    private static string? Utf8(byte[] value)
    {
        try { return new UTF8Encoding(false, true).GetString(value); }
        catch (DecoderFallbackException) { return null; }
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
