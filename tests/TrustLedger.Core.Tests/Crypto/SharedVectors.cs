using System.Text.Json;

namespace TrustLedger.Core.Tests.Crypto;

/// <summary>The EIP-712 credential cases of shared/vectors/eip712-vc-cases.json (see its README).</summary>
internal static class SharedVectors
{
    /// <summary>
    /// The W3C CCG EthereumEip712Signature2021 spec's published test key, read from shared/vectors/README.md
    /// ("private key 0x..."): public, but no key of any kind is kept in this repository.
    /// </summary>
    public static string SpecTestKey { get; } = System.Text.RegularExpressions.Regex
        .Match(File.ReadAllText(Path.Combine(SharedFiles.Directory, "vectors", "README.md")), @"private key\s+(0x[0-9a-fA-F]{64})")
        .Groups[1].Value is { Length: 66 } key ? key : throw new InvalidDataException("no spec test key in shared/vectors/README.md");

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
