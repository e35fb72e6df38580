using NBitcoin;
using Nethereum.KeyStore;

namespace TrustLedger.Core.Chain;

/// <summary>Configuration section "Keys": where the service's signing keys come from.</summary>
public sealed class KeyOptions
{
    public const string Section = "Keys";

    /// <summary>BIP-39 mnemonic (env TRUSTLEDGER_MNEMONIC). Keys are m/44'/60'/0'/0/i.</summary>
    public string? Mnemonic { get; set; }

    /// <summary>Web3 Secret Storage (v3 keystore) file; password from TRUSTLEDGER_KEYSTORE_PASSWORD.</summary>
    public string? KeystoreFile { get; set; }

    public string? KeystorePassword { get; set; }

    /// <summary>Derivation index of the relayer key (sends transactions, pays gas).</summary>
    public int RelayerIndex { get; set; }

    /// <summary>Derivation index of the credential issuer key.</summary>
    public int IssuerIndex { get; set; } = 1;

    /// <summary>
    /// Derivation index of the reward minter key: it creates reward programs, administers their tokens and
    /// mints, from an account of its own so its transactions never race the relayer's nonces.
    /// </summary>
    public int MinterIndex { get; set; } = 2;
}

/// <summary>
/// Loads the relayer and issuer keys: from a mnemonic (BIP-32/44 via NBitcoin), or from an
/// encrypted keystore (both roles then share that one key). On the development chain (31337)
/// with nothing configured it falls back to Hardhat's public test mnemonic, and refuses
/// to do so on any other chain.
/// </summary>
public sealed class KeyStore
{
    /// <summary>Hardhat's well-known development mnemonic. Public; worthless outside chain 31337.</summary>
    public const string HardhatDevMnemonic = "test test test test test test test test test test test junk";

    private KeyStore(ServiceKey relayer, ServiceKey issuer, string source, ServiceKey? minter = null)
    {
        Relayer = relayer;
        Issuer = issuer;
        Source = source;
        Minter = minter;
    }

    public ServiceKey Relayer { get; }
    public ServiceKey Issuer { get; }

    /// <summary>
    /// The reward programs' key (Keys:MinterIndex); null with a keystore file, whose one key the relayer
    /// already sends with: sharing it would race the relayer's nonces, so reward programs need a mnemonic.
    /// </summary>
    public ServiceKey? Minter { get; }

    /// <summary>"mnemonic", "keystore" or "hardhat-dev-mnemonic" (for /health and logs).</summary>
    public string Source { get; }

    public static KeyStore Load(KeyOptions options, long chainId)
    {
        if (!string.IsNullOrWhiteSpace(options.KeystoreFile))
        {
            if (string.IsNullOrEmpty(options.KeystorePassword))
                throw new KeyStoreException("Keys:KeystoreFile is set but TRUSTLEDGER_KEYSTORE_PASSWORD is empty");
            if (!File.Exists(options.KeystoreFile))
                throw new KeyStoreException($"keystore file not found: {options.KeystoreFile}");
            byte[] key;
            try
            {
                key = new KeyStoreService().DecryptKeyStoreFromJson(options.KeystorePassword, File.ReadAllText(options.KeystoreFile));
            }
            catch (Exception)
            {
                // The decryption error says nothing useful and must not echo inputs.
                throw new KeyStoreException($"could not decrypt keystore {options.KeystoreFile}: wrong password or damaged file");
            }
            var single = new ServiceKey("relayer", key);
            return new KeyStore(single, new ServiceKey("issuer", key), "keystore");
        }

        var mnemonic = options.Mnemonic;
        var source = "mnemonic";
        if (string.IsNullOrWhiteSpace(mnemonic))
        {
            if (chainId != ChainOptions.DevChainId)
                throw new KeyStoreException(
                    $"no signing key configured for chain {chainId}: set TRUSTLEDGER_MNEMONIC or Keys:KeystoreFile");
            mnemonic = HardhatDevMnemonic;
            source = "hardhat-dev-mnemonic";
        }
        return new KeyStore(
            new ServiceKey("relayer", Derive(mnemonic, options.RelayerIndex)),
            new ServiceKey("issuer", Derive(mnemonic, options.IssuerIndex)),
            source,
            new ServiceKey("minter", Derive(mnemonic, options.MinterIndex)));
    }

    /// <summary>BIP-44 Ethereum key m/44'/60'/0'/0/index.</summary>
    public static byte[] Derive(string mnemonic, int index)
    {
        Mnemonic parsed;
        try
        {
            parsed = new Mnemonic(mnemonic.Trim(), Wordlist.English);
        }
        catch (Exception)
        {
            throw new KeyStoreException("the configured mnemonic is not a valid BIP-39 English mnemonic");
        }
        return parsed.DeriveExtKey().Derive(new KeyPath($"m/44'/60'/0'/0/{index}")).PrivateKey.ToBytes();
    }
}

public sealed class KeyStoreException(string message) : Exception(message);
