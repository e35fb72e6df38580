using System.Numerics;
using System.Reflection;
using Nethereum.ABI.ABIDeserialisation;
using Nethereum.ABI.FunctionEncoding.Attributes;
using TrustLedger.Contracts;
using TrustLedger.Core.Rewards;

namespace TrustLedger.Core.Tests.Rewards;

public class RewardRulesTests
{
    [Theory]
    [InlineData("0", "0")]
    [InlineData("12.5", "12500000000000000000")]
    [InlineData("0.000000000000000001", "1")]
    [InlineData("1000000", "1000000000000000000000000")]
    public void TokenAmounts_ParseToExactBaseUnits_AndFormatBack(string text, string units)
    {
        Assert.True(TokenAmount.TryParse(text, out var parsed));
        Assert.Equal(BigInteger.Parse(units), parsed);
        Assert.Equal(text, TokenAmount.Format(parsed));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("1e18")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("0.0000000000000000001")] // 19 decimals
    [InlineData("1,5")]
    public void TokenAmounts_RefuseAnythingButPlainDecimals(string text) => Assert.False(TokenAmount.TryParse(text, out _));

    [Fact]
    public void Rules_RoundTripThroughTheirStoredJson_WithAmountsInTokens()
    {
        var rules = new RewardRules([new SchemaReward("reciprocity", TokenAmount.Parse("10.5"), RewardRecipients.Both)], TokenAmount.Parse("20"), 3600,
            new ReputationRule(["0x00000000000000000000000000000000000000f0"], 5, 0.001, 1), TokenAmount.Parse("1000"), TokenAmount.Parse("0"));

        var json = RewardRulesJson.Serialize(rules);
        var back = RewardRulesJson.Deserialize(json);

        Assert.Contains("\"amount\":\"10.5\"", json);
        Assert.Contains("\"recipients\":\"both\"", json);
        Assert.Equal(json, RewardRulesJson.Serialize(back));
        Assert.Equal(rules.Rewards, back.Rewards);
        Assert.Equal(rules.Reputation!.Seeds, back.Reputation!.Seeds);
    }

    [Fact]
    public void AReputationRuleWithoutSeeds_IsRefused_SinceARingWouldVouchForItself()
    {
        var rules = new RewardRules([new SchemaReward("reciprocity", 1, RewardRecipients.Both)], null, 0, new ReputationRule([], 10), 1, 0);
        Assert.Contains(rules.Problems(), p => p.Field == "rules.reputation.seeds");
    }

    [Theory]
    [InlineData("RewardToken")]
    [InlineData("RewardProgramFactory")]
    public void EveryCustomErrorOfTheTokenAndFactory_HasABinding(string contract)
    {
        var bound = typeof(ContractArtifact).Assembly.GetTypes().Where(t => t.Namespace == $"TrustLedger.Contracts.{contract}" || t.Namespace == "TrustLedger.Contracts.Standards")
            .Where(t => t.GetCustomAttribute<ErrorAttribute>() is not null)
            .Select(t => new AttributesToABIExtractor().ExtractErrorABI(t)!.Sha3Signature).ToHashSet();
        var abi = new ABIJsonDeserialiser().DeserialiseContract(ContractArtifact.Load(contract).Abi);
        Assert.Empty(abi.Errors.Where(e => !bound.Contains(e.Sha3Signature)).Select(e => $"{contract}.{e.Name}"));
    }
}
