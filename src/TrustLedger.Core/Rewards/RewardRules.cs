using System.Numerics;
using TrustLedger.Core.Attestations;

namespace TrustLedger.Core.Rewards;

/// <summary>Who of an event's two parties a schema's reward goes to.</summary>
public enum RewardRecipients { Attester, Subject, Both }

/// <summary>Events under <paramref name="Schema"/> ("reciprocity" or "endorsement") pay <paramref name="Amount"/> base units to each recipient.</summary>
public sealed record SchemaReward(string Schema, BigInteger Amount, RewardRecipients Recipients);

/// <summary>
/// The sybil guard: an event pays only when its parties had standing in the community before it. Standing is
/// the reputation engine's score (0-100) and net trust (a share of all trust, sums to 1) computed with the
/// program's <paramref name="Seeds"/> as pre-trusted parties, as of the second before the event's block.
/// </summary>
/// <param name="MinCounterpartyScore">each recipient's counterparty needs at least this score</param>
/// <param name="MinCounterpartyTrust">... and at least this net trust</param>
/// <param name="MinRecipientScore">the recipient itself needs at least this score (a fresh second address has none)</param>
public sealed record ReputationRule(
    IReadOnlyList<string> Seeds, double MinCounterpartyScore = 0, double MinCounterpartyTrust = 0, double MinRecipientScore = 0);

/// <summary>
/// One version of a program's rules: everything a reward decision depends on, so every reward can name the
/// version it followed. Amounts are base units. A new version applies to events from its effective block on.
/// </summary>
/// <param name="MemberEpochCap">most one member earns per epoch (null: no per-member cap)</param>
/// <param name="PairCooldownSeconds">after a paying event between two parties, further events of that pair (either direction) pay nothing for this long</param>
/// <param name="EpochCap">most the program pays per epoch (mirrors the token's epoch cap)</param>
/// <param name="Budget">most the program pays over its life, 0 = no budget (mirrors the token's budget)</param>
/// <param name="Paused">events in a paused version's range pay nothing</param>
public sealed record RewardRules(
    IReadOnlyList<SchemaReward> Rewards,
    BigInteger? MemberEpochCap,
    long PairCooldownSeconds,
    ReputationRule? Reputation,
    BigInteger EpochCap,
    BigInteger Budget,
    bool Paused = false)
{
    /// <summary>The schemas a program can reward, by the name rules use.</summary>
    public static readonly IReadOnlyDictionary<string, SchemaSpec> RewardableSchemas = new Dictionary<string, SchemaSpec>
    {
        [ProductSchemas.Reciprocity.Name] = ProductSchemas.Reciprocity,
        [ProductSchemas.Endorsement.Name] = ProductSchemas.Endorsement,
    };

    public const int MaxSeeds = 1_000;

    public SchemaReward? For(string schema) => Rewards.FirstOrDefault(r => r.Schema == schema);

    /// <summary>Rule problems as (field, message); empty when the rules are usable.</summary>
    public IEnumerable<(string Field, string Message)> Problems()
    {
        if (Rewards.Count == 0) yield return ("rules.rewards", "at least one schema must earn something");
        foreach (var (reward, i) in Rewards.Select((r, i) => (r, i)))
        {
            if (!RewardableSchemas.ContainsKey(reward.Schema))
                yield return ($"rules.rewards[{i}].schema", $"one of: {string.Join(", ", RewardableSchemas.Keys)}");
            if (reward.Amount <= 0 || reward.Amount > TokenAmount.MaxReward)
                yield return ($"rules.rewards[{i}].amount", "must be above 0 and fit the token's uint248");
        }
        if (Rewards.GroupBy(r => r.Schema).Any(g => g.Count() > 1)) yield return ("rules.rewards", "each schema at most once");
        if (MemberEpochCap is { } cap && cap <= 0) yield return ("rules.memberEpochCap", "must be above 0 (leave it out for no cap)");
        if (PairCooldownSeconds < 0) yield return ("rules.pairCooldownSeconds", "must be 0 or more");
        if (EpochCap <= 0) yield return ("epochCap", "must be above 0");
        if (Budget < 0) yield return ("budget", "must be 0 (none) or more");
        if (Reputation is { } r)
        {
            if (r.Seeds.Count == 0) yield return ("rules.reputation.seeds", "a reputation rule needs the community's seeds: without them any ring of fresh addresses vouches for itself");
            if (r.Seeds.Count > MaxSeeds) yield return ("rules.reputation.seeds", $"at most {MaxSeeds}");
            if (r.MinCounterpartyScore is < 0 or > 100 || double.IsNaN(r.MinCounterpartyScore)) yield return ("rules.reputation.minCounterpartyScore", "0 to 100");
            if (r.MinRecipientScore is < 0 or > 100 || double.IsNaN(r.MinRecipientScore)) yield return ("rules.reputation.minRecipientScore", "0 to 100");
            if (r.MinCounterpartyTrust is < 0 or > 1 || double.IsNaN(r.MinCounterpartyTrust)) yield return ("rules.reputation.minCounterpartyTrust", "0 to 1 (a share of all trust)");
        }
    }
}

/// <summary>Rules version <paramref name="Version"/> of a program, applying to events from <paramref name="EffectiveBlock"/> on.</summary>
public sealed record RuleVersion(int Version, long EffectiveBlock, RewardRules Rules);

/// <summary>The token's epochs: epoch 0 starts at the program's creation time; a reward's epoch is its event's.</summary>
public readonly record struct ProgramClock(long StartTime, long EpochLength)
{
    public long EpochOf(long time) => time <= StartTime ? 0 : (time - StartTime) / EpochLength;
}
