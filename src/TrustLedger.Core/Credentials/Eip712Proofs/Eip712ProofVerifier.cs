using System.Buffers;
using System.Text.Json;
using TrustLedger.Core.Credentials.Dids;
using TrustLedger.Core.Crypto;
using TrustLedger.Core.Crypto.Eip712;

namespace TrustLedger.Core.Credentials.Eip712Proofs;

/// <summary>Outcome of checking an EthereumEip712Signature2021 proof on any JSON-LD document.</summary>
public sealed record Eip712ProofResult(bool Valid, string Code, string Message, EthAddress? Signer = null,
    ResolvedVerificationMethod? VerificationMethod = null, long? DomainChainId = null);

/// <summary>
/// Verifies an EthereumEip712Signature2021 proof: rebuilds the signed message (document with the
/// proof minus proofValue and eip712), hashes it in strict EIP-712 mode with the proof's own
/// types (so members the types do not cover fail rather than escape the signature), recovers the
/// signer and compares it with the address of proof.verificationMethod. Never throws.
/// Also reads the older spec form proof.eip712Domain {domain, messageSchema, primaryType}.
/// </summary>
public static class Eip712ProofVerifier
{
    /// <param name="proofPurpose">assertionMethod for credentials, authentication for presentations.</param>
    /// <param name="resolved">the verification method as the caller resolved it (a registry read at signing time); null reads the DID itself</param>
    public static Eip712ProofResult Verify(JsonElement document, string proofPurpose = VcConstants.AssertionMethod,
        (ResolvedVerificationMethod? Method, string Error)? resolved = null)
    {
        if (document.ValueKind != JsonValueKind.Object || !document.TryGetProperty("proof", out var proof))
            return Fail(SignatureCodes.Missing, "no proof");
        if (proof.ValueKind != JsonValueKind.Object) return Fail(SignatureCodes.MalformedProof, "proof must be one object");
        if (Text(proof, "type") != VcConstants.Eip712ProofType)
            return Fail(SignatureCodes.UnsupportedProof, $"proof type must be {VcConstants.Eip712ProofType}");
        if (Text(proof, "proofPurpose") != proofPurpose)
            return Fail(SignatureCodes.MalformedProof, $"proofPurpose must be {proofPurpose}");
        if (Text(proof, "proofValue") is not { } proofValue || !Hex.TryDecode(proofValue, out var signature) || signature.Length != 65)
            return Fail(SignatureCodes.MalformedProof, "proofValue must be a 0x-hex 65-byte signature");
        if (!TryReadEip712(proof, out var domain, out var types, out var primaryType, out string problem))
            return Fail(SignatureCodes.MalformedProof, problem);
        ResolvedVerificationMethod? method;
        string error;
        if (resolved is { } given) (method, error) = given;
        else VerificationMethodResolver.TryResolve(Text(proof, "verificationMethod"), out method, out error);
        if (method is null) return Fail(IssuerCodes.Unresolvable, "proof.verificationMethod: " + error);
        if (method.Address is not { } expected)
            return Fail(SignatureCodes.Invalid, $"{method.Id} is a {method.Algorithm} key: an EIP-712 signature needs an Ethereum (secp256k1) key");

        byte[] digest;
        try
        {
            using var message = JsonDocument.Parse(WithoutSignature(document));
            var typeSet = Eip712TypeSet.ParseCached(types, strict: true);
            if (typeSet.UnusedTypes(primaryType) is { Count: > 0 } unused)
                return Fail(SignatureCodes.MalformedProof, "proof.eip712.types has types the primary type does not use: " + string.Join(", ", unused));
            digest = Eip712.HashTypedData(typeSet, primaryType, domain, message.RootElement, Eip712Mode.Strict);
        }
        catch (Eip712Exception e)
        {
            return Fail(SignatureCodes.Invalid, "the document does not match its EIP-712 types: " + e.Message);
        }
        if (!EthSigner.TryRecoverAddress(digest, signature, out var signer))
            return Fail(SignatureCodes.Invalid, "proofValue does not recover a signer (bad v, high s or not a curve point)");
        long? chainId = domain.TryGetProperty("chainId", out var chain) && chain.TryGetInt64(out long id) ? id : null;
        if (signer != expected)
            return new(false, SignatureCodes.Invalid, $"signed by {signer}, not by {method.Id}", signer, method, chainId);
        return new(true, SignatureCodes.Ok, "EIP-712 signature valid", signer, method, chainId);
    }

    private static bool TryReadEip712(JsonElement proof, out JsonElement domain, out JsonElement types, out string primaryType, out string problem)
    {
        domain = types = default;
        primaryType = "";
        problem = "";
        bool current = proof.TryGetProperty("eip712", out var eip712);
        if (!current && !proof.TryGetProperty("eip712Domain", out eip712)) { problem = "proof.eip712 is missing"; return false; }
        if (eip712.ValueKind != JsonValueKind.Object) { problem = "proof.eip712 must be an object"; return false; }
        // Nothing else may ride along unsigned inside the proof's EIP-712 description.
        if (eip712.EnumerateObject().Any(m => m.Name is not ("domain" or "types" or "messageSchema" or "primaryType")))
        { problem = "proof.eip712 may hold only domain, types and primaryType"; return false; }
        if (!eip712.TryGetProperty("domain", out domain) || domain.ValueKind != JsonValueKind.Object) { problem = "proof.eip712.domain must be an object"; return false; }
        if (!eip712.TryGetProperty(current ? "types" : "messageSchema", out types) || types.ValueKind != JsonValueKind.Object)
        {
            // The spec allows a URI for the types; fetching it is not something we do.
            problem = "proof.eip712.types must be embedded (a types URI cannot be fetched here)";
            return false;
        }
        if (Text(eip712, "primaryType") is not { Length: > 0 } primary) { problem = "proof.eip712.primaryType is missing"; return false; }
        primaryType = primary;
        return true;
    }

    /// <summary>The document re-serialized with proof.proofValue, proof.eip712 and proof.eip712Domain left out.</summary>
    private static byte[] WithoutSignature(JsonElement document)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var member in document.EnumerateObject())
            {
                if (member.Name != "proof") { member.WriteTo(writer); continue; }
                writer.WriteStartObject("proof");
                foreach (var field in member.Value.EnumerateObject())
                    if (field.Name is not ("proofValue" or "eip712" or "eip712Domain")) field.WriteTo(writer);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static string? Text(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Eip712ProofResult Fail(string code, string message) => new(false, code, message);
}
