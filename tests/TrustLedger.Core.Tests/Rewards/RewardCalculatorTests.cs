using System.Numerics;
using TrustLedger.Core.Attestations;
using TrustLedger.Core.Rewards;
using static TrustLedger.Core.Rewards.RewardCalculator;

namespace TrustLedger.Core.Tests.Rewards;

/// <summary>The reward rules applied to events in chain order, with the real reputation engine behind the sybil guard.</summary>
public class RewardCalculatorTests
{
    private static readonly BigInteger Ten = TokenAmount.Parse("10");
    private static readonly ProgramClock Clock = new(StartTime: 1_000, EpochLength: 100);
    private const string A = "0x000000000000000000000000000000000000000a";
    private const string B = "0x000000000000000000000000000000000000000b";
    private const string C = "0x000000000000000000000000000000000000000c";

    private static RewardRules Rules(BigInteger? memberCap = null, long cooldown = 0, string budget = "0", string epochCap = "1000",
        RewardRecipients recipients = RewardRecipients.Both, ReputationRule? reputation = null) =>
        new([new SchemaReward("reciprocity", Ten, recipients)], memberCap, cooldown, reputation, TokenAmount.Parse(epochCap), TokenAmount.Parse(budget));

    private static RewardCalculator Calculator(RewardRules rules, IStandingLookup? standing = null, params CountedReward[] history) =>
        new(Clock, [new RuleVersion(1, 10, rules)], history, standing);

    private static int _log;

    private static RewardEvent Event(string attester, string subject, long time, long block = 20, string schema = "reciprocity") =>
        new($"0x{Interlocked.Increment(ref _log):x64}", schema, attester, subject, "0xconfirmation", block, _log, time);

    [Fact]
    public void ConfirmedEvent_PaysEachRecipientExactlyTheRuleAmount_AttesterFirst()
    {
        var decisions = Calculator(Rules()).Decide(Event(A, B, 1_050));

        Assert.Equal([(A, B, RewardRole.Attester), (B, A, RewardRole.Subject)], decisions.Select(d => (d.Member, d.Counterparty, d.Role)));
        Assert.All(decisions, d => Assert.Equal((Ten, Ten, (string?)null, 1, 0L), (d.Amount, d.RuleAmount, d.Reason, d.RulesVersion, d.Epoch)));
    }

    [Theory]
    [InlineData(RewardRecipients.Attester, A)]
    [InlineData(RewardRecipients.Subject, B)]
    public void OneSidedRules_PayOnlyThatSide(RewardRecipients recipients, string member)
    {
        var decision = Assert.Single(Calculator(Rules(recipients: recipients)).Decide(Event(A, B, 1_050)));
        Assert.Equal((member, Ten), (decision.Member, decision.Amount));
    }

    [Fact]
    public void MemberEpochCap_ClipsTheRewardThatCrossesIt_AndSkipsTheRest_UntilTheNextEpoch()
    {
        var calculator = Calculator(Rules(memberCap: TokenAmount.Parse("15"), recipients: RewardRecipients.Attester));

        var amounts = new[] { Event(A, B, 1_010), Event(A, C, 1_020), Event(A, B, 1_030), Event(A, C, 1_100) }
            .Select(e => Assert.Single(calculator.Decide(e))).Select(d => (TokenAmount.Format(d.Amount), d.Reason, d.Epoch));

        Assert.Equal([("10", null, 0L), ("5", Reasons.MemberEpochCap, 0L), ("0", Reasons.MemberEpochCap, 0L), ("10", null, 1L)], amounts);
    }

    [Fact]
    public void Budget_IsNeverExceeded_WhateverTheOrderOfRecipients()
    {
        var calculator = Calculator(Rules(budget: "25"));

        var first = calculator.Decide(Event(A, B, 1_010));
        var second = calculator.Decide(Event(A, C, 1_020));
        var third = calculator.Decide(Event(B, C, 1_030));

        Assert.Equal(["10", "10", "5", "0", "0", "0"], first.Concat(second).Concat(third).Select(d => TokenAmount.Format(d.Amount)));
        Assert.Equal(TokenAmount.Parse("25"), calculator.Total);
        Assert.All(second.Concat(third).Skip(1), d => Assert.Equal(Reasons.Budget, d.Reason));
    }

    [Fact]
    public void ProgramEpochCap_HoldsPerEpoch()
    {
        var calculator = Calculator(Rules(epochCap: "15", recipients: RewardRecipients.Attester));

        var amounts = new[] { Event(A, B, 1_010), Event(C, B, 1_020), Event(B, C, 1_120) }
            .Select(e => TokenAmount.Format(Assert.Single(calculator.Decide(e)).Amount));

        Assert.Equal(["10", "5", "10"], amounts);
    }

    [Fact]
    public void PairCooldown_StopsPingPongInBothDirections_ButNotOtherPairs()
    {
        var calculator = Calculator(Rules(cooldown: 3_600));

        var pingPong = new[] { Event(A, B, 1_010), Event(B, A, 1_020), Event(A, B, 2_000), Event(A, C, 2_000), Event(B, A, 4_611) }
            .Select(e => calculator.Decide(e)).Select(ds => (TokenAmount.Format(ds[0].Amount), ds[0].Reason));

        Assert.Equal([("10", null), ("0", Reasons.PairCooldown), ("0", Reasons.PairCooldown), ("10", null), ("10", null)], pingPong);
    }

    [Fact]
    public void HistoryFromEarlierPasses_CountsLikeDecisionsMadeNow()
    {
        var rules = Rules(memberCap: TokenAmount.Parse("15"), cooldown: 3_600, budget: "100");
        var earlier = Calculator(rules);
        var history = earlier.Decide(Event(A, B, 1_010)).Select(d => new CountedReward(d.Member, d.Counterparty, d.Epoch, d.Amount, 1_010)).ToArray();
        var later = Event(A, B, 1_020);
        var other = Event(A, C, 1_030);

        var resumed = Calculator(rules, null, history);

        Assert.Equal(earlier.Decide(later), resumed.Decide(later));
        Assert.Equal(earlier.Decide(other), resumed.Decide(other));
        Assert.Equal(earlier.Total, resumed.Total);
    }

    [Fact]
    public void RulesVersions_ApplyFromTheirEffectiveBlock_AndPausedVersionsPayNothing()
    {
        var v1 = Rules();
        var v2 = v1 with { Rewards = [new SchemaReward("reciprocity", TokenAmount.Parse("3"), RewardRecipients.Both)] };
        var v3 = v2 with { Paused = true };
        var calculator = new RewardCalculator(Clock, [new RuleVersion(3, 300, v3), new RuleVersion(1, 100, v1), new RuleVersion(2, 200, v2)], [], null);

        Assert.Empty(calculator.Decide(Event(A, B, 1_010, block: 99)));
        Assert.Equal((1, "10"), Pick(calculator.Decide(Event(A, B, 1_010, block: 199))[0]));
        Assert.Equal((2, "3"), Pick(calculator.Decide(Event(A, C, 1_010, block: 200))[0]));
        var paused = calculator.Decide(Event(B, C, 1_010, block: 300));
        Assert.All(paused, d => Assert.Equal((3, BigInteger.Zero, Reasons.Paused), (d.RulesVersion, d.Amount, d.Reason)));
        static (int, string) Pick(RewardDecision d) => (d.RulesVersion, TokenAmount.Format(d.Amount));
    }

    [Fact]
    public void SchemaTheRulesDoNotReward_EarnsNothing()
    {
        var decisions = Calculator(Rules()).Decide(Event(A, B, 1_010, schema: "endorsement"));
        Assert.All(decisions, d => Assert.Equal((BigInteger.Zero, Reasons.SchemaNotRewarded), (d.Amount, d.Reason)));
    }

    [Fact]
    public void SybilRing_WithoutTrustFromTheSeeds_EarnsNothing_WhileTrustedMembersEarn()
    {
        const string seed = "0x00000000000000000000000000000000000000f0";
        const string x1 = "0x00000000000000000000000000000000000000e1", x2 = "0x00000000000000000000000000000000000000e2", x3 = "0x00000000000000000000000000000000000000e3";
        var rows = new List<AttestationEdge> { Endorse(seed, A, 500), Endorse(seed, B, 500), Endorse(x1, x2, 500), Endorse(x2, x3, 500), Endorse(x3, x1, 500) };
        rows.AddRange([Endorse(x2, x1, 510), Endorse(x3, x2, 510), Endorse(x1, x3, 510)]); // the ring vouches for itself both ways
        var reputation = new ReputationRule([seed], MinCounterpartyScore: 1, MinRecipientScore: 1);
        var calculator = Calculator(Rules(reputation: reputation), new ChainStanding(rows));

        var honest = calculator.Decide(Event(A, B, 1_010));
        var ring = new[] { Event(x1, x2, 1_020), Event(x2, x3, 1_030), Event(x3, x1, 1_040) }.SelectMany(calculator.Decide).ToList();
        var secondAddress = calculator.Decide(Event(x1, A, 1_050)); // a trusted member with a fresh address of its own

        Assert.All(honest, d => Assert.Equal(Ten, d.Amount));
        Assert.All(ring, d => Assert.Equal((BigInteger.Zero, Reasons.CounterpartyReputation), (d.Amount, d.Reason)));
        Assert.Equal([(x1, Reasons.RecipientReputation), (A, Reasons.CounterpartyReputation)], secondAddress.Select(d => (d.Member, d.Reason!)));
    }

    [Fact]
    public void AnEventNeverVouchesForItself_StandingIsTakenTheSecondBeforeItsBlock()
    {
        const string seed = "0x00000000000000000000000000000000000000f0";
        // The seed's only edge is made in the very block of the event: before it, the seed has no edges,
        // so the engine has no seeds and fails closed.
        var rows = new List<AttestationEdge> { Endorse(seed, A, 1_010), Endorse(seed, B, 1_010) };
        var calculator = Calculator(Rules(reputation: new ReputationRule([seed], MinCounterpartyScore: 1)), new ChainStanding(rows));

        Assert.All(calculator.Decide(Event(A, B, 1_010)), d => Assert.Equal(Reasons.CounterpartyReputation, d.Reason));
        Assert.All(calculator.Decide(Event(A, B, 1_011)), d => Assert.Null(d.Reason));
    }

    private static AttestationEdge Endorse(string from, string to, long time) => new()
    {
        Uid = $"0x{Interlocked.Increment(ref _log):x64}", Attester = from, Subject = to, SchemaUid = ProductSchemas.Endorsement.Uid,
        Data = ProductSchemas.Endorsement.Parsed.Encode((byte)5, new byte[32], ""), Time = time, BlockNumber = time,
    };
}
