using System.Text.Json;
using System.Text.Json.Nodes;
using TrustLedger.Core.Credentials.Validation;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Crypto.Eip712;

namespace TrustLedger.Core.Credentials.Eip712Proofs;

/// <summary>
/// Adds an EthereumEip712Signature2021 proof (W3C CCG spec): the EIP-712 message is the whole
/// credential with the proof minus proofValue and eip712; proof.eip712 carries domain, types
/// (EIP712Domain included) and primaryType, so ethers verifyTypedData, eth-sig-util and Veramo
/// can check it as is.
/// </summary>
public static class Eip712CredentialSigner
{
    /// <summary>Returns a signed copy; the input is not changed. Throws <see cref="Eip712Exception"/> for content EIP-712 cannot carry (null, fractions, mixed arrays).</summary>
    public static JsonObject Sign(JsonObject credential, EthPrivateKey key, string verificationMethod, long chainId, DateTimeOffset created) =>
        SignDocument(credential, key, verificationMethod, chainId, created, VcConstants.AssertionMethod, VcConstants.Eip712PrimaryType);

    /// <summary>
    /// A verifiable presentation signed by its holder: proofPurpose authentication, primaryType
    /// VerifiablePresentation; <paramref name="challenge"/> and <paramref name="domain"/> (VC API options) go into the signed proof.
    /// </summary>
    public static JsonObject SignPresentation(JsonObject presentation, EthPrivateKey key, string verificationMethod, long chainId, DateTimeOffset created,
        string? challenge = null, string? domain = null)
    {
        var signed = SignDocument(presentation, key, verificationMethod, chainId, created, VcConstants.Authentication, VcConstants.Eip712PresentationPrimaryType,
            challenge, domain);
        return signed;
    }

    private static JsonObject SignDocument(JsonObject document, EthPrivateKey key, string verificationMethod, long chainId, DateTimeOffset created,
        string proofPurpose, string primaryType, string? challenge = null, string? domain = null)
    {
        if (document.ContainsKey("proof")) throw new ArgumentException("the document already has a proof", nameof(document));
        var signed = WithUnsignedProof(document, verificationMethod, created, proofPurpose);
        if (challenge is not null) signed["proof"]!["challenge"] = challenge;
        if (domain is not null) signed["proof"]!["domain"] = domain;
        using var message = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(signed));
        Complete(signed, message.RootElement, key, chainId, primaryType);
        return signed;
    }

    /// <summary>A copy of the credential with proof {type, created, verificationMethod, proofPurpose}: the EIP-712 message.</summary>
    internal static JsonObject WithUnsignedProof(JsonObject credential, string verificationMethod, DateTimeOffset created,
        string proofPurpose = VcConstants.AssertionMethod)
    {
        var signed = (JsonObject)credential.DeepClone();
        signed["proof"] = new JsonObject
        {
            ["type"] = VcConstants.Eip712ProofType,
            ["created"] = XmlDateTime.Format(created),
            ["verificationMethod"] = verificationMethod,
            ["proofPurpose"] = proofPurpose,
        };
        return signed;
    }

    /// <summary>Signs <paramref name="message"/> (the parsed form of <paramref name="signed"/>) and adds proofValue and eip712 to <paramref name="signed"/>.</summary>
    internal static void Complete(JsonObject signed, JsonElement message, EthPrivateKey key, long chainId,
        string primaryType = VcConstants.Eip712PrimaryType)
    {
        var types = Eip712TypeGenerator.Generate(message, primaryType);
        var domain = new JsonObject
        {
            ["name"] = VcConstants.Eip712DomainName,
            ["version"] = VcConstants.Eip712DomainVersion,
            ["chainId"] = chainId,
        };
        using var domainDocument = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(domain));
        var digest = Eip712.HashTypedData(Eip712TypeSet.ParseCached(types.ToJsonString(), strict: true), primaryType,
            domainDocument.RootElement, message, Eip712Mode.Strict);

        var proof = signed["proof"]!.AsObject();
        proof["proofValue"] = Hex.Encode(EthSigner.Sign(digest, key));
        proof["eip712"] = new JsonObject
        {
            ["domain"] = domain,
            ["types"] = types,
            ["primaryType"] = primaryType,
        };
    }
}
