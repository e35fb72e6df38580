using Nethereum.Web3;
using TrustLedger.Contracts;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Chain;

/// <summary>What sits at an address compared with one of our artifacts.</summary>
public enum CodeVerdict { Matches, NoCode, Differs }

/// <summary>The verdict on one contract's code, with the keccak-256 of the code found (null when none).</summary>
public sealed record CodeCheck(string Contract, string Address, CodeVerdict Verdict, string? CodeHash);

/// <summary>
/// Whether the code at an address is our artifact's. "Some code exists" is not enough: after a chain was
/// replaced, an address listed for one contract can hold another of ours (the deployer's nonces start over),
/// and another contract, an older build or a proxy all have code. Immutables are the only bytes the
/// constructor writes into runtime code (the EIP-712 domain separator, the factory's token implementation),
/// so they are masked on both sides. The one check for the service's start-up, its chain watch, /health and
/// <c>trustledger deploy</c>.
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

    /// <summary>The runtime code at <paramref name="address"/> (empty when none).</summary>
    public static async Task<byte[]> ReadAsync(IWeb3 web3, string address) =>
        Hex.Decode(await web3.Eth.GetCode.SendRequestAsync(address) ?? "0x");

    /// <summary>Whether <paramref name="code"/> is still what was deployed: the recorded hash when there is one, else the artifact.</summary>
    public static bool IsDeployedCode(string contractName, DeployedContract contract, ReadOnlySpan<byte> code) =>
        contract.CodeHash is { } expected ? HashOf(code) == expected : IsArtifactCode(contractName, code);

    /// <summary>The hash of the code at <paramref name="address"/> when it is <paramref name="contract"/>'s artifact, else null.</summary>
    public static async Task<string?> ArtifactHashAsync(IWeb3 web3, string contract, string address)
    {
        var code = await ReadAsync(web3, address);
        return IsArtifactCode(contract, code) ? HashOf(code) : null;
    }

    public static async Task<CodeCheck> CheckAsync(IWeb3 web3, string contract, string address)
    {
        var code = await ReadAsync(web3, address);
        if (code.Length == 0) return new CodeCheck(contract, address, CodeVerdict.NoCode, null);
        return new CodeCheck(contract, address, IsArtifactCode(contract, code) ? CodeVerdict.Matches : CodeVerdict.Differs, HashOf(code));
    }
}
