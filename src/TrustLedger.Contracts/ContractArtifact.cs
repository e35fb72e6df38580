using System.Collections.Concurrent;
using System.Text.Json;

namespace TrustLedger.Contracts;

/// <summary>
/// ABI and bytecode of one of our contracts, read from the Hardhat artifact compiled into this
/// assembly (artifacts/contracts/**.json are embedded at build time). The artifacts are the one
/// source of truth: no ABI string or bytecode is copied into C# by hand.
/// </summary>
public sealed record ContractArtifact(string Name, string Abi, string Bytecode, string DeployedBytecode)
{
    /// <summary>
    /// Byte ranges of the runtime code that the constructor fills in (Solidity immutables): the code on
    /// chain differs from <see cref="DeployedBytecode"/> exactly there, so a code check masks them.
    /// </summary>
    public IReadOnlyList<(int Start, int Length)> ImmutableRanges { get; init; } = [];

    private static readonly ConcurrentDictionary<string, ContractArtifact> Cache = new();

    public static ContractArtifact Load(string contractName) => Cache.GetOrAdd(contractName, static name =>
    {
        using var stream = typeof(ContractArtifact).Assembly.GetManifestResourceStream($"contract.{name}.json")
            ?? throw new InvalidOperationException(
                $"contract artifact {name} is not in this build: compile the contracts (npx hardhat compile) and rebuild");
        using var json = JsonDocument.Parse(stream);
        var root = json.RootElement;
        return new ContractArtifact(
            name,
            root.GetProperty("abi").GetRawText(),
            root.GetProperty("bytecode").GetString()!,
            root.GetProperty("deployedBytecode").GetString()!)
        {
            ImmutableRanges = root.TryGetProperty("immutableReferences", out var refs) && refs.ValueKind == JsonValueKind.Object
                ? [.. refs.EnumerateObject().SelectMany(r => r.Value.EnumerateArray())
                    .Select(r => (r.GetProperty("start").GetInt32(), r.GetProperty("length").GetInt32()))]
                : [],
        };
    });

    public static bool IsAvailable(string contractName) =>
        typeof(ContractArtifact).Assembly.GetManifestResourceInfo($"contract.{contractName}.json") is not null;
}
