namespace TrustLedger.Api.Rewards;

/// <summary>What /docs says about reward programs.</summary>
internal static class RewardsDocs
{
    public const string Operation = """
        Admin role only. Nothing is sent: the service is no admin of the token (docs/security.md). The answer is the
        contract admin's transaction(s), each simulated from the admin's address (`Keys:ContractAdmin`), for the admin's
        wallet to sign and send; 422 named after the token's custom error when it would refuse (ExpectedPause,
        BudgetBelowIssued, ...). The program changes when the token's event is mined and indexed (GET the program to see it).
        """;

    public const string Create = """
        Admin role only. `name` (at most 64 characters), `symbol` (letters and digits, at most 16), `epochLengthSeconds`
        (1 s to 10 years), `epochCap` and optional `budget` (token amounts as decimal strings, 18 decimals), `transferable`,
        and the first `rules`. The token is deployed through the factory by the rewards worker: 201 with Location once mined,
        202 while on its way (follow Location).
        """;

    public const string Rules = """
        Admin role only. `rewards`: per schema (`schema` name), an `amount` and `recipients` (attester, subject or both);
        optional `memberEpochCap`, `pairCooldownSeconds` and `reputation` (seeds and minimum scores). Caps, budget and pause
        are changed through fund, pause and resume. Effective from the next block.
        """;

    public static readonly RulesInput RulesExample = new(
        [new SchemaRewardInput("reciprocity", "10", "both"), new SchemaRewardInput("endorsement", "1", "subject")], "100", 86400, null);

    public static readonly CreateProgramRequest CreateExample = new("Supplier network rewards", "SNR", 604800, "1000", "52000", false, RulesExample);
}
