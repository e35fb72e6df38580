using NBitcoin;
using Nethereum.KeyStore;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Core.Chain;

/// <summary>Configuration section "Keys": where the service's signing keys come from, and who administers our contracts.</summary>
public sealed class KeyOptions
{
    public const string Section = "Keys";

    /// <summary>BIP-39 mnemonic (env TRUSTLEDGER_MNEMONIC). Keys are m/44'/60'/0'/0/i.</summary>
    public string? Mnemonic { get; set; }

    /// <summary>Web3 Secret Storage (v3 keystore) file of the relayer key; password from TRUSTLEDGER_KEYSTORE_PASSWORD.</summary>
    public string? KeystoreFile { get; set; }

    /// <summary>With keystore files: the credential issuer's own file (required: it never shares the relayer's key).</summary>
    public string? IssuerKeystoreFile { get; set; }

    /// <summary>With keystore files: the reward minter's own file; without it reward programs are off.</summary>
    public string? MinterKeystoreFile { get; set; }

    /// <summary>With keystore files: the snapshot publisher's own file; without it snapshots are not published.</summary>
    public string? PublisherKeystoreFile { get; set; }

    /// <summary>The one password of the keystore files (environment only; never in files).</summary>
    public string? KeystorePassword { get; set; }

    /// <summary>Derivation index of the relayer key: it sends the users' signed requests in batches and pays their gas.</summary>
    public int RelayerIndex { get; set; }

    /// <summary>Derivation index of the credential issuer key: it signs credentials and their anchors (it sends nothing).</summary>
    public int IssuerIndex { get; set; } = 1;

    /// <summary>
    /// Derivation index of the reward minter key: it creates reward programs through the factory, mints, and claws
    /// back rewards of reorged-away events, from an account of its own so its transactions never race another key's nonces.
    /// </summary>
    public int MinterIndex { get; set; } = 2;

    /// <summary>Derivation index of the snapshot publisher key: it publishes (or approves) score roots and nothing else.</summary>
    public int PublisherIndex { get; set; } = 3;

    /// <summary>
    /// The address that holds the admin roles of our contracts (ReputationSnapshots, every reward token): a cold
    /// wallet or a multisig whose key the service never holds. It must differ from every service key. On the
    /// development chain (31337) it defaults to Hardhat's account #9; elsewhere it is required to deploy
    /// ReputationSnapshots or create reward programs.
    /// </summary>
    public string? ContractAdmin { get; set; }
}

/// <summary>
/// Loads the service's keys, one per job: relayer, credential issuer, reward minter, snapshot publisher. From a
/// mnemonic (BIP-32/44 via NBitcoin, one derivation index each) or from encrypted keystore files (one file each).
/// No two jobs ever share a key, and the contracts' admin is never one of them. On the development chain (31337)
/// with nothing configured it falls back to Hardhat's public test mnemonic, and refuses to on any other chain.
/// </summary>
public sealed class KeyStore
{
    /// <summary>Hardhat's well-known development mnemonic. Public; worthless outside chain 31337.</summary>
    public const string HardhatDevMnemonic = "test test test test test test test test test test test junk";

    /// <summary>Hardhat's account #9 (m/44'/60'/0'/0/9 of the dev mnemonic): the contracts' admin on chain 31337 by default.</summary>
    public const string HardhatDevAdmin = "0xa0ee7a142d267c1f36714e4a8f75612f20a79720";

    private KeyStore(ServiceKey relayer, ServiceKey issuer, ServiceKey? minter, ServiceKey? publisher, string? admin, string source)
    {
        Relayer = relayer;
        Issuer = issuer;
        Minter = minter;
        Publisher = publisher;
        Admin = admin;
        Source = source;
    }

    public ServiceKey Relayer { get; }
    public ServiceKey Issuer { get; }

    /// <summary>The reward programs' key; null with keystore files but no minter file (reward programs are then off).</summary>
    public ServiceKey? Minter { get; }

    /// <summary>The snapshot publisher's key; null with keystore files but no publisher file (no snapshot is published).</summary>
    public ServiceKey? Publisher { get; }

    /// <summary>The contracts' admin address (lower-case hex; the key is never ours), or null when none is configured.</summary>
    public string? Admin { get; }

    /// <summary>"mnemonic", "keystore" or "hardhat-dev-mnemonic" (for /health and logs).</summary>
    public string Source { get; }

    /// <summary>Every key the service holds, each with its one job.</summary>
    public IEnumerable<ServiceKey> All => new[] { Relayer, Issuer, Minter, Publisher }.OfType<ServiceKey>();

    public static KeyStore Load(KeyOptions options, long chainId)
    {
        var admin = AdminOf(options, chainId);
        if (!string.IsNullOrWhiteSpace(options.KeystoreFile))
        {
            if (string.IsNullOrEmpty(options.KeystorePassword))
                throw new KeyStoreException("Keys:KeystoreFile is set but TRUSTLEDGER_KEYSTORE_PASSWORD is empty");
            if (string.IsNullOrWhiteSpace(options.IssuerKeystoreFile))
                throw new KeyStoreException("Keys:KeystoreFile is set but Keys:IssuerKeystoreFile is not: the credential issuer needs a key of its own");
            var password = options.KeystorePassword;
            return Checked(new KeyStore(
                new ServiceKey("relayer", Decrypt(options.KeystoreFile, password)),
                new ServiceKey("issuer", Decrypt(options.IssuerKeystoreFile, password)),
                string.IsNullOrWhiteSpace(options.MinterKeystoreFile) ? null : new ServiceKey("minter", Decrypt(options.MinterKeystoreFile, password)),
                string.IsNullOrWhiteSpace(options.PublisherKeystoreFile) ? null : new ServiceKey("publisher", Decrypt(options.PublisherKeystoreFile, password)),
                admin, "keystore"));
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
        return Checked(new KeyStore(
            new ServiceKey("relayer", Derive(mnemonic, options.RelayerIndex)),
            new ServiceKey("issuer", Derive(mnemonic, options.IssuerIndex)),
            new ServiceKey("minter", Derive(mnemonic, options.MinterIndex)),
            new ServiceKey("publisher", Derive(mnemonic, options.PublisherIndex)),
            admin, source));
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

    private static string? AdminOf(KeyOptions options, long chainId)
    {
        if (string.IsNullOrWhiteSpace(options.ContractAdmin)) return chainId == ChainOptions.DevChainId ? HardhatDevAdmin : null;
        if (!EthAddress.TryParse(options.ContractAdmin.Trim(), out var admin) || admin.ToLowerHex() == ZeroAddress)
            throw new KeyStoreException("Keys:ContractAdmin is not an Ethereum address");
        return admin.ToLowerHex();
    }

    private const string ZeroAddress = "0x0000000000000000000000000000000000000000";

    /// <summary>One key per job, and the admin none of them: a stolen hot key never carries a second job's power.</summary>
    private static KeyStore Checked(KeyStore keys)
    {
        var shared = keys.All.GroupBy(k => k.Address).FirstOrDefault(g => g.Count() > 1);
        if (shared is not null)
            throw new KeyStoreException(
                $"the {string.Join(" and ", shared.Select(k => k.Role))} keys are the same account {shared.Key}: each key has one job (Keys:*Index or Keys:*KeystoreFile)");
        if (keys.All.FirstOrDefault(k => k.Address == keys.Admin) is { } hot)
            throw new KeyStoreException(
                $"Keys:ContractAdmin {keys.Admin} is the service's {hot.Role} key: the contracts' admin must be a key the service never holds");
        return keys;
    }

    /// <summary>The private key in a Web3 Secret Storage file; errors name the file, never the password.</summary>
    public static byte[] Decrypt(string file, string password)
    {
        if (!File.Exists(file)) throw new KeyStoreException($"keystore file not found: {file}");
        try
        {
            return new KeyStoreService().DecryptKeyStoreFromJson(password, File.ReadAllText(file));
        }
        catch (Exception)
        {
            // The decryption error says nothing useful and must not echo inputs.
            throw new KeyStoreException($"could not decrypt keystore {file}: wrong password or damaged file");
        }
    }
}

public sealed class KeyStoreException(string message) : Exception(message);
