using System.Text.Json.Nodes;

namespace TrustLedger.Core.Credentials.Dids;

/// <summary>
/// DID documents of did:pkh (as the did:pkh spec's eip155 test vectors) and of did:ethr with no
/// registry changes (as ethr-did-resolver's default document). Built locally; nothing is fetched.
/// </summary>
public static class DidDocuments
{
    public const string DidCoreContext = "https://www.w3.org/ns/did/v1";
    public const string Secp256k1RecoveryContext = "https://w3id.org/security/suites/secp256k1recovery-2020/v2";
    public const string RecoveryMethodType = "EcdsaSecp256k1RecoveryMethod2020";
    public const string VerificationKeyType = "EcdsaSecp256k1VerificationKey2019";

    /// <summary>The DID document for a did:pkh or did:ethr DID; false (with a reason) for anything else.</summary>
    public static bool TryResolve(string did, out JsonObject? document, out string error)
    {
        document = null;
        if (!EthDid.TryParse(did, out var parsed, out error)) return false;
        document = Build(parsed!);
        return true;
    }

    public static JsonObject Build(EthDid did) => did.Method == DidMethod.Pkh ? Pkh(did) : Ethr(did);

    private static JsonObject Pkh(EthDid did)
    {
        string vm = did.DefaultVerificationMethodId;
        return new JsonObject
        {
            ["@context"] = new JsonArray(DidCoreContext, new JsonObject
            {
                ["blockchainAccountId"] = "https://w3id.org/security#blockchainAccountId",
                [RecoveryMethodType] = "https://identity.foundation/EcdsaSecp256k1RecoverySignature2020#EcdsaSecp256k1RecoveryMethod2020",
            }),
            ["id"] = did.Did,
            ["verificationMethod"] = new JsonArray(new JsonObject
            {
                ["id"] = vm,
                ["type"] = RecoveryMethodType,
                ["controller"] = did.Did,
                ["blockchainAccountId"] = did.BlockchainAccountId,
            }),
            ["authentication"] = new JsonArray(vm),
            ["assertionMethod"] = new JsonArray(vm),
            ["capabilityDelegation"] = new JsonArray(vm),
            ["capabilityInvocation"] = new JsonArray(vm),
        };
    }

    private static JsonObject Ethr(EthDid did)
    {
        string controller = did.Did + "#controller";
        var methods = new JsonArray(new JsonObject
        {
            ["id"] = controller,
            ["type"] = RecoveryMethodType,
            ["controller"] = did.Did,
            ["blockchainAccountId"] = did.BlockchainAccountId,
        });
        var references = new List<string> { controller };
        if (did.PublicKey is { } key)
        {
            string controllerKey = did.Did + "#controllerKey";
            methods.Add(new JsonObject
            {
                ["id"] = controllerKey,
                ["type"] = VerificationKeyType,
                ["controller"] = did.Did,
                ["publicKeyHex"] = Convert.ToHexStringLower(key.ToBytes(compressed: true)),
            });
            references.Add(controllerKey);
        }
        return new JsonObject
        {
            ["@context"] = new JsonArray(DidCoreContext, Secp256k1RecoveryContext),
            ["id"] = did.Did,
            ["verificationMethod"] = methods,
            ["authentication"] = new JsonArray([.. references.Select(r => (JsonNode)r!)]),
            ["assertionMethod"] = new JsonArray([.. references.Select(r => (JsonNode)r!)]),
        };
    }
}
