using System.Text.Json;
using Nethereum.Web3;
using TrustLedger.Contracts;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Chain;

/// <summary>What sits at an address compared with one of our artifacts.</summary>
public enum CodeVerdict { Matches, NoCode, Differs }

/// <summary>The verdict on one contract's code, with both hashes (keccak-256 of the code, immutables zeroed) to report.</summary>
public sealed record CodeCheck(string Contract, string Address, CodeVerdict Verdict, string? CodeHash, string ArtifactHash);

/// <summary>
/// Is the code at an address our artifact's? Compares the runtime code with the artifact's deployedBytecode
/// byte for byte except the immutables, which each deployment's constructor writes into the code (the
/// EIP-712 domain separator with its chain id and address, the factory's token implementation): their
/// offsets come from the artifact's immutableReferences and are zeroed on both sides before hashing.
/// "Some code is there" is not enough: another contract, an older build or a proxy all have code.
/// Used by <c>trustledger deploy</c> to verify a deployment; self-contained so the service's own
/// chain-identity checks can use it or their own.
/// </summary>
public static class DeployedCode
{
    public static async Task<CodeCheck> CheckAsync(IWeb3 web3, string contract, string address)
    {
        var artifact = MaskedHash(contract, Hex.Decode(ContractArtifact.Load(contract).DeployedBytecode));
        var code = Hex.Decode(await web3.Eth.GetCode.SendRequestAsync(address));
        if (code.Length == 0) return new CodeCheck(contract, address, CodeVerdict.NoCode, null, artifact);
        var actual = MaskedHash(contract, code);
        return new CodeCheck(contract, address, actual == artifact ? CodeVerdict.Matches : CodeVerdict.Differs, actual, artifact);
    }

    /// <summary>Keccak-256 of <paramref name="code"/> with <paramref name="contract"/>'s immutable slots zeroed.</summary>
    public static string MaskedHash(string contract, byte[] code)
    {
        var masked = (byte[])code.Clone();
        foreach (var (start, length) in ImmutableSlots(contract))
            if (start + length <= masked.Length) Array.Clear(masked, start, length);
        return Hex.Encode(Keccak256.Hash(masked));
    }

    /// <summary>The artifact's immutableReferences: (offset, length) in the runtime code of every immutable's copy.</summary>
    public static IReadOnlyList<(int Start, int Length)> ImmutableSlots(string contract)
    {
        // ContractArtifact keeps ABI and bytecode only; the slots are read from the same embedded artifact.
        using var stream = typeof(ContractArtifact).Assembly.GetManifestResourceStream($"contract.{contract}.json")
            ?? throw new InvalidOperationException($"contract artifact {contract} is not in this build");
        using var json = JsonDocument.Parse(stream);
        if (!json.RootElement.TryGetProperty("immutableReferences", out var references)) return [];
        return [.. references.EnumerateObject()
            .SelectMany(r => r.Value.EnumerateArray())
            .Select(slot => (slot.GetProperty("start").GetInt32(), slot.GetProperty("length").GetInt32()))];
    }
}
