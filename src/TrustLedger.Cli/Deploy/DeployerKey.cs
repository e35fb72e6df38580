using TrustLedger.Core.Chain;
using TrustLedger.Core.Crypto;

namespace TrustLedger.Cli.Deploy;

/// <summary>
/// The deployer's key: an encrypted Web3 Secret Storage file (password from a file or the environment, never
/// the command line, where every user of the machine can read it in the process list) or a signer file that
/// holds the hex private key (for a throwaway deployer; it must be readable by its owner only).
/// </summary>
internal static class DeployerKey
{
    public const string PasswordVariable = "TRUSTLEDGER_DEPLOYER_PASSWORD";

    public static ServiceKey Load(FileInfo? keystore, FileInfo? passwordFile, FileInfo? keyFile, TextWriter output)
    {
        if (keystore is null == keyFile is null)
            throw new DeployRefusedException("give the deployer's key: --keystore FILE (Web3 Secret Storage) or --key-file FILE (hex private key), not both");
        if (keyFile is not null) return FromKeyFile(keyFile, output);

        if (!keystore!.Exists) throw new DeployRefusedException($"keystore file not found: {keystore.FullName}");
        var password = passwordFile is not null
            ? ReadSecretFile(passwordFile, "--password-file").TrimEnd('\r', '\n')
            : Environment.GetEnvironmentVariable(PasswordVariable);
        if (string.IsNullOrEmpty(password))
            throw new DeployRefusedException($"the keystore's password: --password-file FILE or the environment variable {PasswordVariable} (never an argument)");
        try
        {
            return new ServiceKey("deployer", KeyStore.Decrypt(keystore.FullName, password));
        }
        catch (KeyStoreException e)
        {
            throw new DeployRefusedException(e.Message);
        }
    }

    private static ServiceKey FromKeyFile(FileInfo file, TextWriter output)
    {
        var text = ReadSecretFile(file, "--key-file").Trim();
        if (!Hex.TryDecode(text, out var key) || key.Length != 32)
            throw new DeployRefusedException($"--key-file {file.FullName} does not hold a 32-byte hex private key");
        output.WriteLine($"note: signing with the plain key in {file.FullName}; prefer an encrypted keystore (--keystore) for anything that holds value");
        return new ServiceKey("deployer", key);
    }

    /// <summary>Reads a file that holds a secret, refusing one that other users can read (as ssh does with keys).</summary>
    private static string ReadSecretFile(FileInfo file, string option)
    {
        if (!file.Exists) throw new DeployRefusedException($"{option} {file.FullName} not found");
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(file.FullName) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0)
            throw new DeployRefusedException($"{option} {file.FullName} is readable by other users: chmod 600 it");
        return File.ReadAllText(file.FullName);
    }
}
