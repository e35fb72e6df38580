using Nethereum.Signer;
using Nethereum.Web3.Accounts;

namespace TrustLedger.Core.Chain;

/// <summary>
/// A private key the service signs with. It never prints itself: ToString and exceptions show
/// the address only, so a key cannot leak through a log line or an error response.
/// </summary>
public sealed class ServiceKey
{
    private readonly byte[] _privateKey;

    public ServiceKey(string role, byte[] privateKey)
    {
        if (privateKey.Length != 32) throw new ArgumentException("a secp256k1 private key is 32 bytes");
        Role = role;
        _privateKey = (byte[])privateKey.Clone();
        Address = new EthECKey(_privateKey, true).GetPublicAddress().ToLowerInvariant();
    }

    public string Role { get; }

    /// <summary>Lower-case 0x address.</summary>
    public string Address { get; }

    /// <summary>A copy of the raw key, for signing code only.</summary>
    public byte[] PrivateKeyBytes() => (byte[])_privateKey.Clone();

    public Account ToAccount(long chainId) => new(_privateKey, chainId);

    public override string ToString() => $"{Role} key {Address}";
}
