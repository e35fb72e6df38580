using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrustLedger.Core.Chain;

/// <summary>One contract's deployment; <see cref="CodeHash"/> is the keccak of its runtime code, checked against the artifact.</summary>
public sealed record DeployedContract(string Address, long BlockNumber, string TxHash, string? CodeHash = null);

/// <summary>
/// Where our contracts live on one chain: deployments/{chainId}.json. The genesis hash tells a
/// development chain that was restarted (same id, new history) from the one we deployed to.
/// </summary>
public sealed record Deployment(long ChainId, string? GenesisHash, SortedDictionary<string, DeployedContract> Contracts)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string PathFor(string directory, long chainId) => Path.Combine(directory, $"{chainId}.json");

    public static Deployment? Read(string directory, long chainId)
    {
        var path = PathFor(directory, chainId);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<Deployment>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new ChainSetupException($"deployments file {path} is not valid JSON: {e.Message}");
        }
    }

    public void Write(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = PathFor(directory, ChainId);
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(this, Json));
        File.Move(temp, path, overwrite: true); // atomic: a crash never leaves half a file
    }

    public string AddressOf(string contract) =>
        Contracts.TryGetValue(contract, out var c)
            ? c.Address
            : throw new ChainSetupException($"{contract} is not deployed on chain {ChainId}");
}

/// <summary>A configuration or environment problem found at start-up: reported without a stack trace.</summary>
public sealed class ChainSetupException(string message, Exception? inner = null) : StartupFailure(message, inner);
