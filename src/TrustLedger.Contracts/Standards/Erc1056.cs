using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace TrustLedger.Contracts.Standards;

// ERC-1056 (EthereumDIDRegistry, uPort/Veramo's ethr-did-registry 1.3.0): the registry did:ethr
// reads. Not one of our contracts: deployed once per chain by anyone (the same address on most
// chains), so it lives with the standards. Its artifact is the npm package's, embedded as
// contract.EthereumDIDRegistry.json; Erc1056BindingTests checks these classes against it.

[Event("DIDOwnerChanged")]
public sealed class DidOwnerChangedEvent : IEventDTO
{
    [Parameter("address", "identity", 1, true)] public string Identity { get; set; } = "";
    [Parameter("address", "owner", 2, false)] public string Owner { get; set; } = "";
    [Parameter("uint256", "previousChange", 3, false)] public BigInteger PreviousChange { get; set; }
}

[Event("DIDDelegateChanged")]
public sealed class DidDelegateChangedEvent : IEventDTO
{
    [Parameter("address", "identity", 1, true)] public string Identity { get; set; } = "";
    [Parameter("bytes32", "delegateType", 2, false)] public byte[] DelegateType { get; set; } = [];
    [Parameter("address", "delegate", 3, false)] public string Delegate { get; set; } = "";
    [Parameter("uint256", "validTo", 4, false)] public BigInteger ValidTo { get; set; }
    [Parameter("uint256", "previousChange", 5, false)] public BigInteger PreviousChange { get; set; }
}

[Event("DIDAttributeChanged")]
public sealed class DidAttributeChangedEvent : IEventDTO
{
    [Parameter("address", "identity", 1, true)] public string Identity { get; set; } = "";
    [Parameter("bytes32", "name", 2, false)] public byte[] Name { get; set; } = [];
    [Parameter("bytes", "value", 3, false)] public byte[] Value { get; set; } = [];
    [Parameter("uint256", "validTo", 4, false)] public BigInteger ValidTo { get; set; }
    [Parameter("uint256", "previousChange", 5, false)] public BigInteger PreviousChange { get; set; }
}

/// <summary>The block of the identity's latest change (0: never changed): the head of its linked list of change blocks.</summary>
[Function("changed", "uint256")]
public sealed class DidChangedFunction : FunctionMessage
{
    [Parameter("address", "", 1)] public string Identity { get; set; } = "";
}

[Function("identityOwner", "address")]
public sealed class IdentityOwnerFunction : FunctionMessage
{
    [Parameter("address", "identity", 1)] public string Identity { get; set; } = "";
}

[Function("addDelegate")]
public sealed class AddDelegateFunction : FunctionMessage
{
    [Parameter("address", "identity", 1)] public string Identity { get; set; } = "";
    [Parameter("bytes32", "delegateType", 2)] public byte[] DelegateType { get; set; } = [];
    [Parameter("address", "delegate", 3)] public string Delegate { get; set; } = "";
    [Parameter("uint256", "validity", 4)] public BigInteger Validity { get; set; }
}

[Function("revokeDelegate")]
public sealed class RevokeDelegateFunction : FunctionMessage
{
    [Parameter("address", "identity", 1)] public string Identity { get; set; } = "";
    [Parameter("bytes32", "delegateType", 2)] public byte[] DelegateType { get; set; } = [];
    [Parameter("address", "delegate", 3)] public string Delegate { get; set; } = "";
}

[Function("changeOwner")]
public sealed class ChangeOwnerFunction : FunctionMessage
{
    [Parameter("address", "identity", 1)] public string Identity { get; set; } = "";
    [Parameter("address", "newOwner", 2)] public string NewOwner { get; set; } = "";
}

[Function("setAttribute")]
public sealed class SetAttributeFunction : FunctionMessage
{
    [Parameter("address", "identity", 1)] public string Identity { get; set; } = "";
    [Parameter("bytes32", "name", 2)] public byte[] Name { get; set; } = [];
    [Parameter("bytes", "value", 3)] public byte[] Value { get; set; } = [];
    [Parameter("uint256", "validity", 4)] public BigInteger Validity { get; set; }
}

[Function("revokeAttribute")]
public sealed class RevokeAttributeFunction : FunctionMessage
{
    [Parameter("address", "identity", 1)] public string Identity { get; set; } = "";
    [Parameter("bytes32", "name", 2)] public byte[] Name { get; set; } = [];
    [Parameter("bytes", "value", 3)] public byte[] Value { get; set; } = [];
}
