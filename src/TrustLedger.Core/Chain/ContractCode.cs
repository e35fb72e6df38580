using TrustLedger.Contracts;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Chain;

/// <summary>
/// Whether the code at an address is our artifact's. "Some code exists" is not enough: after a chain was
/// replaced, an address listed for one contract can hold another of ours (the deployer's nonces start over).
/// Immutables are the only bytes the constructor writes into runtime code, so they are masked on both sides.
/// </summary>
public static class ContractCode
{
    public static bool IsArtifactCode(string contractName, ReadOnlySpan<byte> code)
    {
        var artifact = ContractArtifact.Load(contractName);
        var expected = Hex.Decode(artifact.DeployedBytecode);
        if (code.Length != expected.Length) return false;
        var actual = code.ToArray();
        foreach (var (start, length) in artifact.ImmutableRanges)
        {
            if (start < 0 || start + length > expected.Length) return false;
            expected.AsSpan(start, length).Clear();
            actual.AsSpan(start, length).Clear();
        }
        return expected.AsSpan().SequenceEqual(actual);
    }

    /// <summary>Keccak-256 of the runtime code as deployed (immutables included): what the watch compares later.</summary>
    public static string HashOf(ReadOnlySpan<byte> code) => Hex.Encode(Keccak256.Hash(code));
}
