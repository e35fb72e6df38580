namespace TrustLedger.Core.Chain;

/// <summary>
/// The accounts of Hardhat's (and Anvil's) public development mnemonic: their private keys are printed by
/// every local node and in countless tutorials, so anything they hold on a real network is taken by bots
/// within seconds. Used to refuse them wherever a real network is meant (the Production profile, deploys).
/// </summary>
public static class DevelopmentKeys
{
    /// <summary>How many accounts local nodes fund from the mnemonic (m/44'/60'/0'/0/0..19).</summary>
    public const int Count = 20;

    private static readonly Lazy<IReadOnlyDictionary<string, int>> Indices = new(() =>
        Enumerable.Range(0, Count).ToDictionary(
            i => new ServiceKey("dev", KeyStore.Derive(KeyStore.HardhatDevMnemonic, i)).Address, i => i, StringComparer.OrdinalIgnoreCase));

    /// <summary>The dev account index of <paramref name="address"/> (any case), or null when it is not one of them.</summary>
    public static int? IndexOf(string? address) =>
        address is not null && Indices.Value.TryGetValue(address.Trim(), out var index) ? index : null;

    /// <summary>True for the development mnemonic itself, however it is spaced or cased.</summary>
    public static bool IsDevelopmentMnemonic(string? mnemonic) =>
        mnemonic is not null && string.Join(' ', mnemonic.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Equals(KeyStore.HardhatDevMnemonic, StringComparison.OrdinalIgnoreCase);
}
