namespace TrustLedger.Core.Chain;

/// <summary>The contracts the service needs on its chain, by their artifact (and deployments file) names.</summary>
public static class ProductContracts
{
    public const string Registry = "AttestationRegistry";
    public const string Snapshots = "ReputationSnapshots";
    public const string RewardFactory = "RewardProgramFactory";

    /// <summary>What to deploy where missing, with the service's own keys (the local auto-deploy).</summary>
    public static readonly IReadOnlyList<ContractSpec> All =
    [
        new(Registry, keys => ArgumentsFor(Registry, null, null)),
        new(RewardFactory, keys => ArgumentsFor(RewardFactory, null, null)),
        new(Snapshots, keys => ArgumentsFor(Snapshots, AdminFor(Snapshots, keys), keys.Publisher?.Address)),
    ];

    /// <summary>
    /// Constructor arguments of each contract, the one place that says who holds which role from the first block.
    /// ReputationSnapshots(admin, threshold = 1, publishers = [the publisher key]): the publisher can publish at once
    /// without ever holding the admin role; adding co-publishers (M-of-N) is the admin's act on chain, from its own
    /// wallet: grantRole, then setThreshold. The registry and the reward factory take none (no roles: every reward
    /// program gets its admin and minter when it is created).
    /// </summary>
    public static object[] ArgumentsFor(string contract, string? admin, string? publisher) => contract switch
    {
        Snapshots => [admin ?? throw new ChainSetupException($"deploying {Snapshots} needs an admin address"), 1,
            publisher is null ? Array.Empty<string>() : new[] { publisher }],
        Registry or RewardFactory => [],
        _ => throw new ArgumentException($"unknown contract {contract}", nameof(contract)),
    };

    /// <summary>The configured contract admin, or a setup error naming what needed it.</summary>
    public static string AdminFor(string contract, KeyStore keys) => keys.Admin
        ?? throw new ChainSetupException($"deploying {contract} needs Keys:ContractAdmin (TRUSTLEDGER_CONTRACT_ADMIN): the address, never a service key, that administers it");
}
