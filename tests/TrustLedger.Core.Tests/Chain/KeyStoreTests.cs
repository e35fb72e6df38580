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
        var keys = KeyStore.Load(new KeyOptions
        {
            Mnemonic = KeyStore.HardhatDevMnemonic, RelayerIndex = 2, IssuerIndex = 3, MinterIndex = 4, PublisherIndex = 5, ContractAdmin = KeyStore.HardhatDevAdmin,
        }, 10);

        Assert.Equal("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc", keys.Relayer.Address);
        Assert.Equal("0x90f79bf6eb2c4f870365e785982e1f101e93b906", keys.Issuer.Address);
        Assert.Equal("0x15d34aaf54267db7d7c367839aaf71a00a2c6a65", keys.Minter!.Address);
        Assert.Equal("0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc", keys.Publisher!.Address);
    }

    [Fact]
    public void Load_FromEncryptedKeystores_NeedsTheRightPassword_AndAFileForTheIssuer()
    {
        var (relayer, relayerFile) = Keystore(5, "correct horse");
        var (issuer, issuerFile) = Keystore(6, "correct horse");

        var keys = KeyStore.Load(new KeyOptions { KeystoreFile = relayerFile, IssuerKeystoreFile = issuerFile, KeystorePassword = "correct horse", ContractAdmin = KeyStore.HardhatDevAdmin }, 10);
        Assert.Equal(relayer, keys.Relayer.Address);
        Assert.Equal(issuer, keys.Issuer.Address);
        Assert.Null(keys.Minter);    // no file: reward programs are off
        Assert.Null(keys.Publisher); // no file: snapshots are not published

        var wrong = Assert.Throws<KeyStoreException>(() =>
            KeyStore.Load(new KeyOptions { KeystoreFile = relayerFile, IssuerKeystoreFile = issuerFile, KeystorePassword = "battery staple" }, 10));
        Assert.DoesNotContain("battery", wrong.Message);
        var shared = Assert.Throws<KeyStoreException>(() => KeyStore.Load(new KeyOptions { KeystoreFile = relayerFile, KeystorePassword = "correct horse" }, 10));
        Assert.Contains("IssuerKeystoreFile", shared.Message);
    }

    [Fact]
    public void Load_WithOneKeyForTwoJobs_RefusesToStart()
    {
        var e = Assert.Throws<KeyStoreException>(() => KeyStore.Load(new KeyOptions { PublisherIndex = 0 }, ChainOptions.DevChainId));
        Assert.Contains("relayer and publisher", e.Message);
        var (_, file) = Keystore(5, "pw");
        var sameFile = Assert.Throws<KeyStoreException>(() =>
            KeyStore.Load(new KeyOptions { KeystoreFile = file, IssuerKeystoreFile = file, KeystorePassword = "pw" }, 10));
        Assert.Contains("one job", sameFile.Message);
    }

    [Fact]
    public void ContractAdmin_IsHardhatAccount9OnTheDevChain_NeverAServiceKey_AndNotDefaultedElsewhere()
    {
        var dev = KeyStore.Load(new KeyOptions(), ChainOptions.DevChainId);
        Assert.Equal(KeyStore.HardhatDevAdmin, dev.Admin);
        Assert.Equal(new ServiceKey("admin", KeyStore.Derive(KeyStore.HardhatDevMnemonic, 9)).Address, dev.Admin);
        Assert.DoesNotContain(dev.All, k => k.Address == dev.Admin);
        Assert.Equal(4, dev.All.Select(k => k.Address).Distinct().Count()); // relayer, issuer, minter, publisher: one job each

        var hot = Assert.Throws<KeyStoreException>(() => KeyStore.Load(new KeyOptions { ContractAdmin = dev.Relayer.Address }, ChainOptions.DevChainId));
        Assert.Contains("never holds", hot.Message);
        Assert.Null(KeyStore.Load(new KeyOptions { Mnemonic = KeyStore.HardhatDevMnemonic }, 10).Admin);
    }

    private static (string Address, string File) Keystore(int index, string password)
    {
        var key = KeyStore.Derive(KeyStore.HardhatDevMnemonic, index);
        var address = new ServiceKey("x", key).Address;
        var file = Path.Combine(Directory.CreateTempSubdirectory().FullName, "key.json");
        File.WriteAllText(file, new KeyStoreService().EncryptAndGenerateDefaultKeyStoreAsJson(password, key, address));
        return (address, file);
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
