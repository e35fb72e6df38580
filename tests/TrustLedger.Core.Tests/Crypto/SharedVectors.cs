using System.Text.Json;

namespace TrustLedger.Core.Tests.Crypto;

/// <summary>The EIP-712 credential cases of shared/vectors/eip712-vc-cases.json (see its README).</summary>
internal static class SharedVectors
{
    // The W3C CCG EthereumEip712Signature2021 spec's published test key; public, for tests only.
    public const string SpecTestKey = "0x149195a4059ac8cafe2d56fc612f613b6b18b9265a73143c9f6d7cfbbed76b7e";

    public sealed record Eip712Case(string Name, JsonElement TypedData, string Signature, string ExpectedSigner, string ExpectedDigest);

    public static IReadOnlyList<Eip712Case> Eip712Cases { get; } = Load();

    private static Eip712Case[] Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SharedFiles.Vectors("eip712-vc-cases.json")));
        return document.RootElement.EnumerateArray().Select(c => new Eip712Case(
            c.GetProperty("name").GetString()!, c.GetProperty("typedData").Clone(), c.GetProperty("signature").GetString()!,
            c.GetProperty("expectedSigner").GetString()!, c.GetProperty("expectedDigest").GetString()!)).ToArray();
    }
}
