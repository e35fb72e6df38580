using Nethereum.KeyStore;
using TrustLedger.Core.Chain;

namespace TrustLedger.Core.Tests.Chain;

public class KeyStoreTests
{
    [Fact]
    public void Load_WithoutKeysOnDevChain_UsesHardhatsPublicAccounts()
    {
        var keys = KeyStore.Load(new KeyOptions(), ChainOptions.DevChainId);

        // Hardhat's accounts #0 and #1 (BIP-44 m/44'/60'/0'/0/0 and /1 of the test mnemonic).
        Assert.Equal("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", keys.Relayer.Address);
        Assert.Equal("0x70997970c51812dc3a010c7d01b50e0d17dc79c8", keys.Issuer.Address);
        Assert.Equal("hardhat-dev-mnemonic", keys.Source);
    }

    [Fact]
    public void Load_WithoutKeysOnAnyOtherChain_RefusesToStart()
    {
        var e = Assert.Throws<KeyStoreException>(() => KeyStore.Load(new KeyOptions(), 1));
        Assert.Contains("TRUSTLEDGER_MNEMONIC", e.Message);
    }

    [Fact]
    public void Load_FromMnemonic_DerivesBip44Indices()
    {
        var keys = KeyStore.Load(new KeyOptions { Mnemonic = KeyStore.HardhatDevMnemonic, RelayerIndex = 2, IssuerIndex = 3 }, 10);

        Assert.Equal("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc", keys.Relayer.Address);
        Assert.Equal("0x90f79bf6eb2c4f870365e785982e1f101e93b906", keys.Issuer.Address);
    }

    [Fact]
    public void Load_FromEncryptedKeystore_NeedsTheRightPassword()
    {
        var key = KeyStore.Derive(KeyStore.HardhatDevMnemonic, 5);
        var address = new ServiceKey("x", key).Address;
        var file = Path.Combine(Directory.CreateTempSubdirectory().FullName, "key.json");
        File.WriteAllText(file, new KeyStoreService().EncryptAndGenerateDefaultKeyStoreAsJson("correct horse", key, address));

        var keys = KeyStore.Load(new KeyOptions { KeystoreFile = file, KeystorePassword = "correct horse" }, 10);
        Assert.Equal(address, keys.Relayer.Address);

        var wrong = Assert.Throws<KeyStoreException>(() =>
            KeyStore.Load(new KeyOptions { KeystoreFile = file, KeystorePassword = "battery staple" }, 10));
        Assert.DoesNotContain("battery", wrong.Message);
    }

    [Fact]
    public void ServiceKey_NeverPrintsThePrivateKey()
    {
        var raw = KeyStore.Derive(KeyStore.HardhatDevMnemonic, 0);
        var key = new ServiceKey("relayer", raw);

        var hex = Convert.ToHexString(raw);
        Assert.DoesNotContain(hex, key.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains(key.Address, key.ToString());
    }

    [Fact]
    public void Derive_WithAnInvalidMnemonic_SaysSoWithoutEchoingIt()
    {
        var e = Assert.Throws<KeyStoreException>(() => KeyStore.Derive("not a real mnemonic phrase at all", 0));
        Assert.DoesNotContain("phrase", e.Message);
    }
}
