using System.Numerics;

namespace TrustLedger.Core.Rewards;

/// <summary>
/// A rewardable event as indexed at the chain's confirmation depth: a reciprocity proposal its counterparty
/// confirmed (uid = the proposal's, time and position = the confirmation's), or an endorsement.
/// </summary>
public sealed record RewardEvent(
    string Uid, string Schema, string Attester, string Subject, string? ConfirmationUid, long Block, long LogIndex, long Time);

public enum RewardRole { Attester, Subject }

/// <summary>
/// What one event pays one member under one rules version: <see cref="Amount"/> (0 = skipped) and, when it
/// is less than the rule's <see cref="RuleAmount"/>, the <see cref="Reason"/> (a stable code, see docs/rewards.md).
/// </summary>
public sealed record RewardDecision(
    string EventUid, string Member, string Counterparty, RewardRole Role, int RulesVersion, long Epoch,
    BigInteger Amount, BigInteger RuleAmount, string? Reason)
{
    public bool Pays => Amount > 0;
}

/// <summary>A reward already granted (pending, being minted or minted): what caps, budget and cooldowns count.</summary>
public sealed record CountedReward(string Member, string Counterparty, long Epoch, BigInteger Amount, long EventTime);

/// <summary>Reputation of a party as of a time, with a seed list (see <see cref="ChainStanding"/>).</summary>
public interface IStandingLookup
{
    PartyStanding Of(string party, long asOf, IReadOnlyList<string> seeds);
}

/// <summary>Score 0-100 and net trust (share of all trust) from the reputation engine.</summary>
public readonly record struct PartyStanding(double Score, double NetTrust)
{
    public static readonly PartyStanding None = new(0, 0);
}

/// <summary>
/// The reward rules applied to events one at a time, in chain order. Pure and deterministic: the same
/// versions, history and events (and the same chain state behind the standing lookup) give the same
/// decisions. Each decision updates the running state (caps, budget, cooldowns) that the next one sees.
/// </summary>
public sealed class RewardCalculator
{
    public static class Reasons
    {
        public const string Paused = "paused";
        public const string SchemaNotRewarded = "schema-not-rewarded";
        public const string PairCooldown = "pair-cooldown";
        public const string CounterpartyReputation = "counterparty-reputation";
        public const string RecipientReputation = "recipient-reputation";
        public const string MemberEpochCap = "member-epoch-cap";
        public const string ProgramEpochCap = "program-epoch-cap";
        public const string Budget = "budget";
    }

    private readonly ProgramClock _clock;
    private readonly IReadOnlyList<RuleVersion> _versions;
    private readonly IStandingLookup? _standing;
    private readonly Dictionary<(string Member, long Epoch), BigInteger> _memberEpoch = [];
    private readonly Dictionary<long, BigInteger> _programEpoch = [];
    private readonly Dictionary<string, long> _pairLastPaid = new(StringComparer.Ordinal);
    private BigInteger _total;

    public RewardCalculator(ProgramClock clock, IEnumerable<RuleVersion> versions, IEnumerable<CountedReward> history, IStandingLookup? standing)
    {
        _clock = clock;
        _versions = [.. versions.OrderBy(v => v.EffectiveBlock).ThenBy(v => v.Version)];
        _standing = standing;
        foreach (var reward in history) Count(reward.Member, reward.Counterparty, reward.Epoch, reward.Amount, reward.EventTime);
    }

    /// <summary>Total the program has granted so far (history plus decisions made here).</summary>
    public BigInteger Total => _total;

    /// <summary>The version in force at <paramref name="block"/>: the newest one effective at or before it.</summary>
    public RuleVersion? VersionAt(long block) => _versions.LastOrDefault(v => v.EffectiveBlock <= block);

    /// <summary>
    /// The decisions for one event, one per party the rules could pay (attester first). Empty when no
    /// version covers the event's block (it predates the program).
    /// </summary>
    public IReadOnlyList<RewardDecision> Decide(RewardEvent e)
    {
        if (VersionAt(e.Block) is not { } version) return [];
        var rules = version.Rules;
        var epoch = _clock.EpochOf(e.Time);
        var reward = rules.For(e.Schema);
        var recipients = reward?.Recipients ?? RewardRecipients.Both;
        var roles = recipients switch
        {
            RewardRecipients.Attester => [RewardRole.Attester],
            RewardRecipients.Subject => [RewardRole.Subject],
            _ => new[] { RewardRole.Attester, RewardRole.Subject },
        };
        var ruleAmount = reward?.Amount ?? BigInteger.Zero;
        RewardDecision Decision(RewardRole role, BigInteger amount, string? reason)
        {
            var (member, counterparty) = role == RewardRole.Attester ? (e.Attester, e.Subject) : (e.Subject, e.Attester);
            return new RewardDecision(e.Uid, member, counterparty, role, version.Version, epoch, amount, ruleAmount, reason);
        }
        IReadOnlyList<RewardDecision> All(string reason) => [.. roles.Select(r => Decision(r, 0, reason))];

        if (rules.Paused) return All(Reasons.Paused);
        if (reward is null) return All(Reasons.SchemaNotRewarded);
        var pair = PairKey(e.Attester, e.Subject);
        if (rules.PairCooldownSeconds > 0 && _pairLastPaid.TryGetValue(pair, out var last) && e.Time - last < rules.PairCooldownSeconds)
            return All(Reasons.PairCooldown);

        var decisions = new List<RewardDecision>(roles.Length);
        foreach (var role in roles)
        {
            var decision = Decision(role, reward.Amount, null);
            if (ReputationShortfall(rules.Reputation, decision.Member, decision.Counterparty, e.Time) is { } refused)
            {
                decisions.Add(decision with { Amount = 0, Reason = refused });
                continue;
            }
            var (amount, reason) = (reward.Amount, (string?)null);
            if (rules.MemberEpochCap is { } memberCap)
                Clip(ref amount, ref reason, memberCap - _memberEpoch.GetValueOrDefault((decision.Member, epoch)), Reasons.MemberEpochCap);
            Clip(ref amount, ref reason, rules.EpochCap - _programEpoch.GetValueOrDefault(epoch), Reasons.ProgramEpochCap);
            if (rules.Budget > 0) Clip(ref amount, ref reason, rules.Budget - _total, Reasons.Budget);
            decisions.Add(decision with { Amount = amount, Reason = reason });
            if (amount > 0) Count(decision.Member, decision.Counterparty, epoch, amount, e.Time);
        }
        return decisions;
    }

    private string? ReputationShortfall(ReputationRule? rule, string member, string counterparty, long eventTime)
    {
        if (rule is null) return null;
        if (_standing is null) throw new InvalidOperationException("rules with a reputation rule need a standing lookup");
        // As of the second before the event's block: an event never vouches for itself.
        var asOf = eventTime - 1;
        var other = _standing.Of(counterparty, asOf, rule.Seeds);
        if (other.Score < rule.MinCounterpartyScore || other.NetTrust < rule.MinCounterpartyTrust)
            return Reasons.CounterpartyReputation;
        if (rule.MinRecipientScore > 0 && _standing.Of(member, asOf, rule.Seeds).Score < rule.MinRecipientScore)
            return Reasons.RecipientReputation;
        return null;
    }

    private static void Clip(ref BigInteger amount, ref string? reason, BigInteger left, string cause)
    {
        if (left >= amount) return;
        amount = left > 0 ? left : BigInteger.Zero;
        reason = cause;
    }

    private void Count(string member, string counterparty, long epoch, BigInteger amount, long eventTime)
    {
        _memberEpoch[(member, epoch)] = _memberEpoch.GetValueOrDefault((member, epoch)) + amount;
        _programEpoch[epoch] = _programEpoch.GetValueOrDefault(epoch) + amount;
        _total += amount;
        var pair = PairKey(member, counterparty);
        if (!_pairLastPaid.TryGetValue(pair, out var last) || last < eventTime) _pairLastPaid[pair] = eventTime;
    }

    /// <summary>The unordered pair: A-&gt;B and B-&gt;A are the same pair for cooldowns.</summary>
    public static string PairKey(string a, string b) => string.CompareOrdinal(a, b) <= 0 ? $"{a}:{b}" : $"{b}:{a}";
}
