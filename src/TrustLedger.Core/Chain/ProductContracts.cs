namespace TrustLedger.Core.Chain;

/// <summary>The contracts the service needs on its chain, by their artifact (and deployments file) names.</summary>
public static class ProductContracts
{
    public const string Registry = "AttestationRegistry";
    public const string Snapshots = "ReputationSnapshots";
    public const string RewardFactory = "RewardProgramFactory";

    /// <summary>
    /// What to deploy where missing. ReputationSnapshots(admin = Keys:ContractAdmin, threshold = 1, publishers =
    /// [the publisher key]): the publisher can publish from its first block without ever holding the admin role;
    /// adding co-publishers (M-of-N) is the admin's act on chain, from its own wallet: grantRole, then setThreshold.
    /// </summary>
    public static readonly IReadOnlyList<ContractSpec> All =
    [
        new(Registry, _ => []),
        new(RewardFactory, _ => []),
        new(Snapshots, keys => [AdminFor(Snapshots, keys), 1, keys.Publisher is { } publisher ? new[] { publisher.Address } : Array.Empty<string>()]),
    ];

    /// <summary>The configured contract admin, or a setup error naming what needed it.</summary>
    public static string AdminFor(string contract, KeyStore keys) => keys.Admin
        ?? throw new ChainSetupException($"deploying {contract} needs Keys:ContractAdmin (TRUSTLEDGER_CONTRACT_ADMIN): the address, never a service key, that administers it");
}
