using System.Reflection;
using Nethereum.ABI.ABIDeserialisation;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.ABI.Model;
using TrustLedger.Contracts;

namespace TrustLedger.Core.Tests.Chain;

/// <summary>
/// The typed C# bindings (function, event and error classes) must match the compiled artifacts
/// exactly: same name, parameter types, order and indexing. A contract change that the C# side
/// has not followed fails here, not on chain.
/// </summary>
public class AbiBindingTests
{
    public static TheoryData<string> Bindings => [.. BindingTypes().Select(t => t.FullName!)];

    private static IEnumerable<Type> BindingTypes() => typeof(ContractArtifact).Assembly.GetTypes()
        .Where(t => t.Namespace?.StartsWith("TrustLedger.Contracts.", StringComparison.Ordinal) == true && !t.Namespace.Contains(".Standards", StringComparison.Ordinal))
        .Where(t => t.GetCustomAttribute<FunctionAttribute>() is not null
                    || t.GetCustomAttribute<EventAttribute>() is not null
                    || t.GetCustomAttribute<ErrorAttribute>() is not null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal);

    [Theory, MemberData(nameof(Bindings))]
    public void Binding_MatchesTheCompiledArtifact(string typeName)
    {
        var type = typeof(ContractArtifact).Assembly.GetType(typeName)!;
        var contract = type.Namespace!.Split('.')[^1]; // each binding folder is named as its contract
        var abi = new ABIJsonDeserialiser().DeserialiseContract(ContractArtifact.Load(contract).Abi);
        var extractor = new AttributesToABIExtractor();

        if (type.GetCustomAttribute<FunctionAttribute>() is not null)
        {
            var ours = extractor.ExtractFunctionABI(type)!;
            var theirs = Assert.Single(abi.Functions, f => f.Sha3Signature == ours.Sha3Signature);
            Assert.Equal(Describe(theirs.InputParameters), Describe(ours.InputParameters));
            Assert.Equal(Types(theirs.OutputParameters), Types(ours.OutputParameters));
        }
        else if (type.GetCustomAttribute<EventAttribute>() is not null)
        {
            var ours = extractor.ExtractEventABI(type)!;
            var theirs = Assert.Single(abi.Events, e => e.Sha3Signature == ours.Sha3Signature);
            Assert.Equal(Describe(theirs.InputParameters), Describe(ours.InputParameters));
        }
        else
        {
            var ours = extractor.ExtractErrorABI(type)!;
            var theirs = Assert.Single(abi.Errors, e => e.Sha3Signature == ours.Sha3Signature);
            Assert.Equal(Describe(theirs.InputParameters), Describe(ours.InputParameters));
        }
    }

    [Fact]
    public void EveryCustomErrorOfTheRegistry_HasABinding()
    {
        var abi = new ABIJsonDeserialiser().DeserialiseContract(ContractArtifact.Load("AttestationRegistry").Abi);
        var bound = BindingTypes().Where(t => t.GetCustomAttribute<ErrorAttribute>() is not null)
            .Select(t => new AttributesToABIExtractor().ExtractErrorABI(t)!.Sha3Signature).ToHashSet();

        // OpenZeppelin's EIP712 ShortStrings errors can only fire in the constructor.
        string[] constructorOnly = ["InvalidShortString", "StringTooLong"];
        var missing = abi.Errors.Where(e => !bound.Contains(e.Sha3Signature) && !constructorOnly.Contains(e.Name))
            .Select(e => e.Name);
        Assert.Empty(missing);
    }

    /// <summary>Errors bound once under Standards/ (OpenZeppelin's) must be in the ABI of every contract that uses them.</summary>
    [Theory]
    [InlineData("ReputationSnapshots")]
    [InlineData("RewardToken")]
    public void SharedStandardErrors_MatchTheContractsThatUseThem(string contract)
    {
        var abi = new ABIJsonDeserialiser().DeserialiseContract(ContractArtifact.Load(contract).Abi);
        var shared = typeof(ContractArtifact).Assembly.GetTypes()
            .Where(t => t.Namespace == "TrustLedger.Contracts.Standards" && t.GetCustomAttribute<ErrorAttribute>() is not null).ToList();
        Assert.NotEmpty(shared);
        foreach (var type in shared)
        {
            var ours = new AttributesToABIExtractor().ExtractErrorABI(type)!;
            var theirs = Assert.Single(abi.Errors, e => e.Sha3Signature == ours.Sha3Signature);
            Assert.Equal(Describe(theirs.InputParameters), Describe(ours.InputParameters));
        }
    }

    private static IEnumerable<string> Describe(IEnumerable<Parameter> parameters) =>
        parameters.OrderBy(p => p.Order).Select(p => $"{p.Type} {p.Name}{(p.Indexed ? " indexed" : "")}");

    private static IEnumerable<string> Types(IEnumerable<Parameter>? parameters) =>
        (parameters ?? []).OrderBy(p => p.Order).Select(p => p.Type);
}
