using System.Text.Json;
using TrustLedger.Api.Hosting;
using TrustLedger.Core.Relaying;
using TrustLedger.Core.Rewards;

namespace TrustLedger.Api.Rewards;

// Requests: amounts are tokens as exact decimal strings ("12.5"); the token has 18 decimals.

public sealed record SchemaRewardInput(string? Schema, string? Amount, string? Recipients);

public sealed record ReputationInput(List<string>? Seeds, double? MinCounterpartyScore, double? MinCounterpartyTrust, double? MinRecipientScore);

public sealed record RulesInput(List<SchemaRewardInput>? Rewards, string? MemberEpochCap, long? PairCooldownSeconds, ReputationInput? Reputation);

public sealed record CreateProgramRequest(
    string? Name, string? Symbol, long? EpochLengthSeconds, string? EpochCap, string? Budget, bool? Transferable, RulesInput? Rules);

public sealed record FundRequest(string? EpochCap, string? Budget);

// Responses.

/// <summary>The contract admin's transactions to send from its own wallet (eth_sendTransaction with from, to, data), in order.</summary>
public sealed record AdminCallsView(long ProgramId, string Admin, IReadOnlyList<AdminCall> Calls);

public sealed record OperationView(long Id, string Kind, string Status, string? TxHash, long? BlockNumber, string? ErrorCode, string? ErrorDetail)
{
    public static OperationView Of(RewardTransaction t) => new(t.Id, t.Kind, t.Status, t.TxHash, t.BlockNumber, t.ErrorCode, t.ErrorDetail);
}

public sealed record RulesVersionView(int Version, long? EffectiveBlock, string Reason, string CreatedBy, string CreatedAt, JsonElement Rules)
{
    public static RulesVersionView Of(RuleVersionRow v) =>
        new(v.Version, v.EffectiveBlock, v.Reason, v.CreatedBy, v.CreatedAt, JsonDocument.Parse(v.Rules).RootElement.Clone());
}

/// <summary>A program: its token, status and the rules in force (the newest version).</summary>
public sealed record ProgramView(
    long Id, string Name, string Symbol, string Status, string? Token, long? ChainProgramId, long? CreatedBlock, long? StartTime,
    long EpochLengthSeconds, bool Transferable, int Decimals, int RulesVersion, JsonElement Rules, string? Error,
    IReadOnlyList<OperationView> Operations, string CreatedBy, string CreatedAt);

/// <summary>A member's standing in a program: balance and debt from the token, earned and pending from the service.</summary>
public sealed record MemberView(long ProgramId, string Address, string Symbol, string Balance, string Debt, string Minted, string Pending, int Rewards);

/// <summary>One reward decision and the event behind it (null when a reorg took the event away).</summary>
public sealed record RewardView(
    long Id, string EventUid, string Schema, string Role, string Member, string Counterparty, string Amount, string RuleAmount,
    string Status, string? Reason, int RulesVersion, long Epoch, long EventBlock, long EventTime, bool EventGone,
    string? Burned, string? Debt, string? MintTx, long? MintBlock, AttestationView? Event, AttestationView? Confirmation);

public sealed record RewardPageView(IReadOnlyList<RewardView> Items, string? NextCursor);

public sealed record EpochStatsView(long Epoch, int Rewards, int Members, string Amount);

/// <summary>The token's own figures (chain): issuance per epoch, budget, debts.</summary>
public sealed record TokenStatsView(
    string CurrentEpoch, string EpochCap, string IssuedThisEpoch, string IssuableNow, string Budget, string? BudgetLeft,
    string TotalIssued, string TotalDebt, string TotalSupply, bool Paused);

/// <summary>Members, rewards per epoch (by event epoch, service side), pending work and the token's figures.</summary>
public sealed record ProgramStatsView(
    long ProgramId, int Members, int RewardsPaid, int EventsSkipped, string Minted, string Pending, string ClawedBack,
    IReadOnlyList<EpochStatsView> RewardsPerEpoch, TokenStatsView? Token);

/// <summary>Reads rules from a request with field errors collected, the way every handler reads its inputs.</summary>
public static class RulesReader
{
    public static RewardRules? Read(RulesInput? input, string epochCapText, string? budgetText, InputFields f)
    {
        if (input is null) { f.Fail("rules", "required"); return null; }
        var rewards = new List<SchemaReward>();
        foreach (var (r, i) in (input.Rewards ?? []).Select((r, i) => (r, i)))
        {
            var recipients = (r.Recipients ?? "both").ToLowerInvariant() switch
            {
                "attester" => RewardRecipients.Attester,
                "subject" => RewardRecipients.Subject,
                "both" => (RewardRecipients?)RewardRecipients.Both,
                _ => null,
            };
            if (recipients is null) f.Fail($"rules.rewards[{i}].recipients", "attester, subject or both");
            rewards.Add(new SchemaReward(r.Schema ?? "", Amount(f, $"rules.rewards[{i}].amount", r.Amount, required: true), recipients ?? RewardRecipients.Both));
        }
        var memberCap = input.MemberEpochCap is null ? (System.Numerics.BigInteger?)null : Amount(f, "rules.memberEpochCap", input.MemberEpochCap, required: true);
        ReputationRule? reputation = null;
        if (input.Reputation is { } rep)
        {
            var seeds = (rep.Seeds ?? []).Select((s, i) => f.Address($"rules.reputation.seeds[{i}]", s)).Distinct().ToList();
            reputation = new ReputationRule(seeds, rep.MinCounterpartyScore ?? 0, rep.MinCounterpartyTrust ?? 0, rep.MinRecipientScore ?? 0);
        }
        var rules = new RewardRules(rewards, memberCap, input.PairCooldownSeconds ?? 0, reputation,
            Amount(f, "epochCap", epochCapText, required: true), Amount(f, "budget", budgetText, required: false));
        if (!f.Valid) return null;
        foreach (var (field, message) in rules.Problems()) f.Fail(field, message);
        return f.Valid ? rules : null;
    }

    public static System.Numerics.BigInteger Amount(InputFields f, string field, string? text, bool required)
    {
        if (string.IsNullOrEmpty(text))
        {
            if (required) f.Fail(field, "required: a token amount as a decimal string, e.g. \"12.5\"");
            return 0;
        }
        if (!TokenAmount.TryParse(text, out var units))
        {
            f.Fail(field, "not a token amount: a decimal string with at most 18 decimals, e.g. \"12.5\"");
            return 0;
        }
        return units;
    }
}
