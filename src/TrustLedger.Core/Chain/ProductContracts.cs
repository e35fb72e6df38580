namespace TrustLedger.Core.Chain;

/// <summary>The contracts the service needs on its chain, by their artifact (and deployments file) names.</summary>
public static class ProductContracts
{
    public const string Registry = "AttestationRegistry";
    public const string Snapshots = "ReputationSnapshots";
    public const string RewardFactory = "RewardProgramFactory";

    /// <summary>
    /// What to deploy where missing. ReputationSnapshots(admin = the relayer, threshold = 1): the relayer
    /// administers it and grants itself PUBLISHER_ROLE before its first publish; making other servers
    /// co-publishers (M-of-N) is an admin's act on chain: grantRole, then setThreshold.
    /// </summary>
    public static readonly IReadOnlyList<ContractSpec> All =
    [
        new(Registry, _ => []),
        new(RewardFactory, _ => []),
        new(Snapshots, keys => [keys.Relayer.Address, 1]),
    ];
}
